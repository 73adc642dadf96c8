import { describe, expect, it } from 'vitest';
import { previewKind } from './attachment-preview';

describe('attachment previews', () => {
  it('previews pictures, PDFs and plain text, and never markup or unknown types', () => {
    expect(previewKind('image/png')).toBe('image');
    expect(previewKind('image/jpeg')).toBe('image');
    expect(previewKind('application/pdf')).toBe('pdf');
    expect(previewKind('text/plain')).toBe('text');
    for (const type of ['image/svg+xml', 'text/html', 'application/xhtml+xml', 'image/tiff', 'application/octet-stream', ''])
      expect(previewKind(type)).toBe('none');
  });
});
