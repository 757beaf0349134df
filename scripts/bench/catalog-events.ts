import { createHash, randomUUID } from 'node:crypto';
import type { CatalogItem, CatalogItemDetails } from '../../src/domain/catalog/catalog-messages';
import { newItemId } from '../../src/domain/ids';
import type { EventToAppend, JsonObject } from '../../src/eventstore/types';

/** Menu words as Vietnamese and English shops write them, so search tokens are realistic. */
const DISHES = [
  'Phở bò tái', 'Phở gà', 'Phở bò viên', 'Bún chả Hà Nội', 'Bún bò Huế', 'Bún thịt nướng', 'Bánh mì thịt',
  'Bánh mì ốp la', 'Bánh mì chả cá', 'Bánh xèo', 'Bánh cuốn', 'Cơm tấm sườn', 'Cơm gà Hội An', 'Cơm chiên dương châu',
  'Gỏi cuốn tôm', 'Chả giò', 'Nem rán', 'Hủ tiếu Nam Vang', 'Mì Quảng', 'Cao lầu', 'Xôi gà', 'Lẩu thái hải sản',
  'Cà phê sữa đá', 'Cà phê đen', 'Cà phê trứng', 'Bạc xỉu', 'Trà đá', 'Trà sữa trân châu', 'Trà đào cam sả',
  'Trà chanh', 'Sinh tố bơ', 'Sinh tố xoài', 'Nước ép cam', 'Nước dừa', 'Chè ba màu', 'Bánh flan', 'Sữa chua nếp cẩm',
  'Flat white', 'Iced latte', 'Americano', 'Cappuccino', 'Espresso', 'Green tea', 'Mango smoothie', 'Almond croissant',
  'Cheesecake', 'Spring rolls', 'Fried rice', 'Chicken wings', 'Caesar salad', 'Club sandwich', 'Coca-Cola', 'Heineken',
  'Bia Sài Gòn', 'Nước suối', 'Bottled water',
] as const;
const EXTRAS = ['', '', '', ' đặc biệt', ' thêm trứng', ' ít đường', ' không đá', ' size L', ' size M', ' (large)', ' combo', ' mang về', ' 330ml'] as const;
const STATIONS = [null, null, 'kitchen', 'bar', 'grill', 'dessert'] as const;
const TAX_RATES = [0, 500, 800, 1000] as const;

export const pick = <T>(values: readonly T[]): T => values[Math.floor(Math.random() * values.length)]!;
const hex64 = (): string => createHash('sha256').update(randomUUID()).digest('hex');

export function itemName(): string {
  return `${pick(DISHES)}${pick(EXTRAS)}`;
}

/**
 * A new item's fields: SKU like `PHO-004211`, barcode a 13-digit EAN with Vietnam's 893 prefix
 * (most items), prices in VND.
 */
export function itemFields(serial: number): Omit<CatalogItem, 'itemId'> {
  const name = itemName();
  const prefix = name.normalize('NFD').replace(/[^A-Za-z]/g, '').slice(0, 3).toUpperCase();
  return {
    name,
    sku: `${prefix}-${String(serial).padStart(6, '0')}`,
    barcode: Math.random() < 0.8 ? `893${String(Math.floor(Math.random() * 1e10)).padStart(10, '0')}` : null,
    priceMinor: (15 + Math.floor(Math.random() * 120)) * 1000,
    taxRateBps: pick(TAX_RATES),
    station: pick(STATIONS),
    trackStock: Math.random() < 0.3,
    lowStockThreshold: Math.random() < 0.2 ? 10 : null,
  };
}

/** A new item with a server-made id, as `POST /api/catalog/items` records it. */
export const newItem = (serial: number): CatalogItem => ({ itemId: newItemId(), ...itemFields(serial) });

/** A detail change as the API records it: only the fields that changed. */
export function detailChanges(): Partial<CatalogItemDetails> {
  const roll = Math.random();
  if (roll < 0.5) return { name: itemName() };
  if (roll < 0.7) return { station: pick(STATIONS) };
  if (roll < 0.85) return { trackStock: true, lowStockThreshold: 5 + Math.floor(Math.random() * 20) };
  return { taxRateBps: pick(TAX_RATES) };
}

/** Metadata shaped like the command pipeline's (src/commands/handle-command.ts) for an owner's command. */
export function commandMetadata(tenantId: string, userId: string): JsonObject {
  const commandId = randomUUID();
  return {
    tenantId,
    actor: { userId, role: 'owner' },
    commandId,
    commandHash: hex64(),
    correlationId: commandId,
    causationId: commandId,
    occurredAt: new Date().toISOString(),
    schemaVersion: 1,
    prevHash: hex64(),
    hash: hex64(),
  };
}

export function catalogEvent(type: 'CatalogItemAdded' | 'CatalogItemPriceChanged' | 'CatalogItemDetailsChanged', data: JsonObject, metadata: JsonObject): EventToAppend {
  return { id: randomUUID(), type, data, metadata };
}
