/**
 * Lower-case with accents removed ("Refrigeración" → "refrigeracion", "ñ" → "n"): the one form every matcher in
 * the app compares customer text and product text in, so "nevera", "Nevéra" and "NEVERA" are the same word.
 */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}
