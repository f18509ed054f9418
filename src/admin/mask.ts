/**
 * The console shows customers to the store owner without spelling out their contact details: phone numbers keep
 * their last 3 digits, e-mail addresses the first letter and the domain.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 4) return '•••';
  return `${phone.trim().startsWith('+') ? '+' : ''}${'•'.repeat(Math.min(8, digits.length - 3))}${digits.slice(-3)}`;
}

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${email[0]}•••@${email.slice(at + 1)}`;
}
