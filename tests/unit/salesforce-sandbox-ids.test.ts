// Salesforce ids in the sandbox: the 18-character form's case-safe suffix, 15 → 18 conversion,
// and ids that stay unique across orgs.
import { describe, expect, it } from '@jest/globals';
import { checksumSuffix, IdFactory, normalizeId, podFor } from '../../sandbox/salesforce/ids.ts';

describe('ids', () => {
  it('computes the documented suffix of a known id', () => {
    // Salesforce's example: 001A0000006Vm9r → 001A0000006Vm9rIAC
    expect(checksumSuffix('001A0000006Vm9r')).toBe('IAC');
    expect(normalizeId('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(normalizeId('001A0000006Vm9rIAC')).toBe('001A0000006Vm9rIAC');
    expect(normalizeId('001A0000006Vm9rIAD')).toBeUndefined();
    expect(normalizeId("001' OR Id != '")).toBeUndefined();
  });

  it('issues distinct ids per org pod', () => {
    const a = new IdFactory(podFor(0));
    const b = new IdFactory(podFor(1));
    const first = a.next('001');
    expect(first.startsWith('0015g')).toBe(true);
    expect(b.next('001')).not.toBe(first);
    expect(normalizeId(first)).toBe(first);
    expect(new Set(Array.from({ length: 5000 }, () => a.next('003'))).size).toBe(5000);
  });
});
