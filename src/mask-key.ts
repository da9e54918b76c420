/** `sk-or-v1-abc...wxyz`: enough to recognise a key, too little to use it. */
export function maskKey(key: string): string {
  const prefix = key.startsWith("sk-or-v1-") ? "sk-or-v1-" : "";
  const rest = key.slice(prefix.length);
  return rest.length >= 16 ? `${prefix}${rest.slice(0, 3)}...${rest.slice(-4)}` : `${prefix}...`;
}
