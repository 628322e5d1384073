/** Offers text as a file download (a blob: address of this page, allowed under the CSP). */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the click; the address is not needed any more.
  window.setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 0);
}
