/**
 * The file operations a sync asks of the guest (Invoke-GuestFileOperations), run in order on the
 * guest's volume; paths are relative to its Windows folder. Move, Link and Write create missing
 * parent folders; Remove of something absent is not an error.
 */
export type GuestFileStep =
  | { readonly Op: 'Move'; readonly From: string; readonly To: string }
  | { readonly Op: 'Remove'; readonly Path: string }
  | { readonly Op: 'Link'; readonly From: string; readonly To: string }
  | { readonly Op: 'Write'; readonly Path: string; readonly ContentBase64: string };

export const move = (from: string, to: string): GuestFileStep => ({ Op: 'Move', From: from, To: to });
export const remove = (path: string): GuestFileStep => ({ Op: 'Remove', Path: path });
export const link = (from: string, to: string): GuestFileStep => ({ Op: 'Link', From: from, To: to });
export const write = (path: string, text: string): GuestFileStep => ({
  Op: 'Write',
  Path: path,
  ContentBase64: Buffer.from(text, 'utf8').toString('base64'),
});
