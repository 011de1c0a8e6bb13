/** A random NIP with a valid checksum (TEST/emulator data is shared: never reuse fixed NIPs across runs). */
export function uniqueNip(): string {
  const w = [6, 5, 7, 2, 3, 4, 5, 6, 7];
  for (;;) {
    const digits = [1 + Math.floor(Math.random() * 9), ...Array.from({ length: 8 }, () => Math.floor(Math.random() * 10))];
    // KSeF's NIP pattern also forbids "00" as the 2nd and 3rd digits: ^[1-9]((\d[1-9])|([1-9]\d))\d{7}$
    if (digits[1] === 0 && digits[2] === 0) continue;
    const sum = digits.reduce((s, d, i) => s + d * w[i]!, 0) % 11;
    if (sum !== 10) return digits.join('') + String(sum);
  }
}
