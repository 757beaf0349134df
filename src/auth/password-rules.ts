/** NIST SP 800-63B: a length floor and a check against passwords known to be common, no composition rules. */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;

/**
 * The most used passwords of at least 10 characters in public breach corpora (shorter ones
 * already fail the length rule), compared without case.
 */
const COMMON = new Set([
  '1234567890', '0123456789', '0987654321', '12345678910', '1234567891', '123456789a', 'a123456789',
  '1111111111', '0000000000', '123123123123', '1234512345', '1q2w3e4r5t', '1q2w3e4r5t6y', 'q1w2e3r4t5',
  'q1w2e3r4t5y6', '1qaz2wsx3edc', '1qazxsw23edc', 'qazwsxedcrfv', '123qweasdzxc', 'qwertyuiop', 'qwertyuiop123',
  'qwerty1234', 'qwerty12345', 'qwerty123456', 'asdfghjkl1', 'asdfghjkl123', 'zxcvbnm123', 'password12',
  'password123', 'password1234', 'password12345', 'password!1', 'passw0rd123', 'p@ssw0rd123', 'p@ssword123',
  'passwordpassword', 'password01', 'iloveyou12', 'iloveyou123', 'letmein123', 'welcome123', 'welcome1234',
  'football123', 'baseball123', 'princess123', 'sunshine123', 'superman123', 'starwars123', 'pokemon123',
  'monkey1234', 'dragon1234', 'master1234', 'shadow1234', 'michael123', 'jennifer123', 'charlie123',
  'changeme123', 'administrator', 'admin12345', 'admin123456', 'trustno1234', 'abcdefghij', 'abcdefghijk',
  'abcd123456', 'abc1234567', 'abc123abc123', 'abcd1234abcd', 'aaaaaaaaaa', 'qqqqqqqqqq', 'internet123',
  'computer123', 'whatever123', 'liverpool123', 'chelsea123', 'arsenal123', 'samsung123', 'google1234',
  'secret1234', 'mypassword', 'mypassword1', 'mypassword123', 'yourpassword', 'thisisapassword', 'letmeinplease',
]);

/** Why a password is refused, or undefined when it may be used. */
export function weakPasswordReason(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  const folded = password.toLowerCase();
  if (COMMON.has(folded)) return 'is one of the most common passwords; choose another (a few unrelated words make a good one)';
  if (new Set(folded).size < 4) return 'repeats too few characters; choose another (a few unrelated words make a good one)';
  return undefined;
}
