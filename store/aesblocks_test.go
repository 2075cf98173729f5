package store

import (
	"crypto/aes"
	"encoding/binary"
	"testing"
)

// The S-box's known entries (FIPS-197 figure 7): a walk of the field that
// went wrong would miss them.
func TestAESSbox(t *testing.T) {
	s := aesSbox()
	for x, want := range map[byte]byte{0x00: 0x63, 0x01: 0x7c, 0x53: 0xed, 0x10: 0xca, 0xff: 0x16, 0x9a: 0xb8} {
		if s[x] != want {
			t.Errorf("S-box[%#02x] = %#02x, want %#02x", x, s[x], want)
		}
	}
	seen := map[byte]bool{}
	for _, b := range s {
		seen[b] = true
	}
	if len(seen) != 256 {
		t.Fatalf("the S-box is no permutation: %d values", len(seen))
	}
}

// obsBlocks encrypts blocks with encryptObsBlocks and one by one with
// crypto/aes under obsKey, and says where they differ.
func obsBlocksDiffer(src [][16]byte) (int, bool) {
	got := make([][16]byte, len(src))
	encryptObsBlocks(got, src)
	c, err := aes.NewCipher(obsKey)
	if err != nil {
		panic(err)
	}
	for i := range src {
		var want [16]byte
		c.Encrypt(want[:], src[i][:])
		if got[i] != want {
			return i, true
		}
	}
	return 0, false
}

// Every count of blocks from 0 to 40 (the eight-at-a-time loop, the rest
// one by one, and both), and in place, is crypto/aes's AES-128 under
// obsKey block by block; FIPS-197's own example vector checks the key
// schedule.
func TestObsBlocksAsTheCipher(t *testing.T) {
	if !aesBlocksAsm {
		t.Log("no AES instructions here: the blocks go through crypto/aes")
	}
	// FIPS-197 appendix A.1: the last word of the schedule of key 2b7e1516….
	a1 := expandKey128([16]byte{0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c})
	if w43 := binary.BigEndian.Uint32(a1[172:]); w43 != 0xb6630ca6 {
		t.Fatalf("key expansion of FIPS-197 A.1: w[43] = %08x, want b6630ca6", w43)
	}
	for n := range 41 {
		src := make([][16]byte, n)
		for i := range src {
			for j := range src[i] {
				src[i][j] = byte(i*31 + j*7 + n)
			}
		}
		if i, bad := obsBlocksDiffer(src); bad {
			t.Fatalf("%d blocks: block %d differs from crypto/aes", n, i)
		}
		in := append([][16]byte{}, src...)
		encryptObsBlocks(in, in)
		out := make([][16]byte, n)
		encryptObsBlocks(out, src)
		for i := range in {
			if in[i] != out[i] {
				t.Fatalf("%d blocks in place: block %d differs", n, i)
			}
		}
	}
}

// FuzzObsBlocks: any blocks, any count, encrypt as crypto/aes does.
func FuzzObsBlocks(f *testing.F) {
	f.Add([]byte("ringside-obs-v1!0123456789abcdef"))
	f.Add(make([]byte, 16*9+5))
	f.Fuzz(func(t *testing.T, b []byte) {
		src := make([][16]byte, len(b)/16)
		for i := range src {
			copy(src[i][:], b[16*i:])
		}
		if i, bad := obsBlocksDiffer(src); bad {
			t.Fatalf("block %d of %d differs from crypto/aes", i, len(src))
		}
	})
}
