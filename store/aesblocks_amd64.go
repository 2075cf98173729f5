//go:build amd64 && !purego

package store

import "golang.org/x/sys/cpu"

// encryptBlocksAsm is in aesblocks_amd64.s.
//
//go:noescape
func encryptBlocksAsm(xk *[176]byte, dst, src *byte, n int)

// aesBlocksAsm says the processor has the AES instructions the assembly
// uses (AES-NI; SSE2 comes with amd64).
var aesBlocksAsm = cpu.X86.HasAES

func encryptBlocksFast(xk *[176]byte, dst, src [][16]byte) bool {
	if !aesBlocksAsm {
		return false
	}
	if len(src) > 0 {
		encryptBlocksAsm(xk, &dst[0][0], &src[0][0], len(src))
	}
	return true
}
