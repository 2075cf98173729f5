package store

import (
	"encoding/binary"
	"sync"
)

// The row hash's AES, many blocks at a time. Version 3 of the row hash
// (rowHasher.v3Plain) is two AES-128 blocks under obsKey, the second
// waiting on the first; through crypto/aes each block is a call of its
// own, and the processor's AES unit waits on each round of one block.
// verify's page scan hashes a page's rows together: every row's first
// block, then every row's second (encryptObsBlocks), eight blocks in
// flight at once on amd64 (aesblocks_amd64.s). Elsewhere, or on a
// processor without the AES instructions, each block goes through
// crypto/aes as before. The same function either way: the same AES-128
// under the same key (TestObsBlocksAsTheCipher, FuzzObsBlocks).

// obsRoundKeys is obsKey's AES-128 key schedule (FIPS-197 5.2), the 11
// round keys one after the other in the byte order the block is in;
// worked out when first needed (no command pays for it at start-up).
var obsRoundKeys = sync.OnceValue(func() *[176]byte {
	xk := expandKey128([16]byte(obsKey))
	return &xk
})

// expandKey128 is the AES-128 key expansion.
func expandKey128(key [16]byte) (xk [176]byte) {
	sbox := aesSbox()
	subWord := func(x uint32) uint32 {
		return uint32(sbox[x>>24])<<24 | uint32(sbox[x>>16&0xff])<<16 | uint32(sbox[x>>8&0xff])<<8 | uint32(sbox[x&0xff])
	}
	var w [44]uint32
	for i := range 4 {
		w[i] = binary.BigEndian.Uint32(key[4*i:])
	}
	rcon := uint32(1)
	for i := 4; i < 44; i++ {
		t := w[i-1]
		if i%4 == 0 {
			t = subWord(t<<8|t>>24) ^ rcon<<24
			rcon = uint32(xtime(byte(rcon)))
		}
		w[i] = w[i-4] ^ t
	}
	for i, x := range w {
		binary.BigEndian.PutUint32(xk[4*i:], x)
	}
	return xk
}

// xtime is multiplication by x in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1.
func xtime(b byte) byte {
	if b&0x80 != 0 {
		return b<<1 ^ 0x1b
	}
	return b << 1
}

// aesSbox is AES's S-box as FIPS-197 5.1.1 defines it (the inverse in
// GF(2^8), 0 for 0, then the affine map), worked out by walking the field
// by powers of 3 (p) and of its inverse (q) together.
func aesSbox() (s [256]byte) {
	p, q := byte(1), byte(1)
	for {
		p ^= xtime(p)
		q ^= q << 1
		q ^= q << 2
		q ^= q << 4
		if q&0x80 != 0 {
			q ^= 0x09
		}
		s[p] = q ^ (q<<1 | q>>7) ^ (q<<2 | q>>6) ^ (q<<3 | q>>5) ^ (q<<4 | q>>4) ^ 0x63
		if p == 1 {
			break
		}
	}
	s[0] = 0x63
	return s
}

// encryptObsBlocks sets dst[i] to AES-128 of src[i] under obsKey, for
// every i (dst and src may be the same slice; dst at least as long).
func encryptObsBlocks(dst, src [][16]byte) {
	dst = dst[:len(src)]
	if encryptBlocksFast(obsRoundKeys(), dst, src) {
		return
	}
	for i := range src {
		obsCipher.Encrypt(dst[i][:], src[i][:])
	}
}
