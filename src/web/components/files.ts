/** Files the reader picks to upload, and their sizes as shown: shared by every attachments list. */

/** The file as base64, without the data-URL prefix (the JSON uploads' `contentBase64`). */
export function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}

/** A file's size in bytes as shown beside its name: B, KB (whole) or MB (one decimal). */
export const fileSize = (bytes: number): string =>
  bytes < 1024 ? `${bytes} B` : bytes < 1_048_576 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1_048_576).toFixed(1)} MB`;
