/**
 * Brazil CDC art. 42-A: every collection document names the creditor with its tax id
 * (CNPJ/CPF) and address. What an organisation still lacks, in the order a message needs it;
 * empty when its messages may be sent.
 */
export function missingCreditorIdentity(org: { tax_id: string | null; address: string | null }): ('tax id' | 'address')[] {
  const missing: ('tax id' | 'address')[] = [];
  if (!org.tax_id?.trim()) missing.push('tax id');
  if (!org.address?.trim()) missing.push('address');
  return missing;
}
