import { describe, expect, it } from 'vitest';
import { fileSize } from './files';

describe('fileSize', () => {
  it('shows bytes, whole kilobytes and megabytes to one decimal', () => {
    expect(fileSize(0)).toBe('0 B');
    expect(fileSize(1023)).toBe('1023 B');
    expect(fileSize(1024)).toBe('1 KB');
    expect(fileSize(150_000)).toBe('146 KB');
    expect(fileSize(1_048_576)).toBe('1.0 MB');
    expect(fileSize(10 * 1_048_576)).toBe('10.0 MB');
  });
});
