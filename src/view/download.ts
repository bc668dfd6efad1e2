/** Offers a file to the reader as a download (a link to a blob URL, clicked, then released). */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Offers `content` (text) as a download named `filename`. */
export function downloadText(content: string, mime: string, filename: string): void {
  downloadBlob(new Blob([content], { type: mime }), filename);
}
