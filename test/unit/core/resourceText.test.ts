import * as assert from 'node:assert/strict';
import { resourceAmount, resourceAmountExact, unitsText } from '../../../src/core/resourceText';
import { UINT64_MAX } from '../../../src/core/model';

describe('GPU resource numbers in words', () => {
  it('SR-IOV: VRAM in GB with its exact bytes, encode/decode/compute as units', () => {
    assert.equal(resourceAmount('sr-iov', 'VRAM', 2n * 1024n ** 3n), '2 GB');
    assert.equal(resourceAmountExact('sr-iov', 'VRAM', 2n * 1024n ** 3n), '2 GB (2,147,483,648 bytes)');
    assert.equal(resourceAmountExact('sr-iov', 'VRAM', 1536n * 1024n ** 2n), '1.5 GB (1,610,612,736 bytes)');
    assert.equal(resourceAmount('sr-iov', 'Encode', 1n), '1 unit');
    assert.equal(resourceAmountExact('sr-iov', 'Compute', 64n), '64 units');
    assert.match(unitsText('sr-iov'), /^VRAM is in bytes\. Encode, decode and compute are in units the driver defines/);
  });

  it('GPU-PV: placeholders, exact to the last digit of 2^64-1, never called bytes', () => {
    assert.equal(resourceAmountExact('gpu-pv', 'VRAM', 1_000_000_000n), '1,000,000,000 (placeholder)');
    assert.equal(resourceAmount('gpu-pv', 'Encode', UINT64_MAX), '18,446,744,073,709,551,615 (placeholder)');
    assert.match(unitsText('gpu-pv'), /not bytes/);
  });
});
