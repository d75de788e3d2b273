// Browser downloads of generated text (CSV exports, .rdp files).

/** Saves text as a file through a temporary object URL. */
export function saveTextFile(text: string, fileName: string, type: string): void {
  saveBlobFile(new Blob([text], { type }), fileName);
}

/** Saves a Blob as a download through a temporary object URL (a CSV never becomes one page-side string). */
export function saveBlobFile(file: Blob, fileName: string): void {
  const url = URL.createObjectURL(file);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.style.display = 'none';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}
