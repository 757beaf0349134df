/** An IANA time zone name ICU accepts (its own list omits aliases such as Asia/Ho_Chi_Minh, so ask it directly). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
