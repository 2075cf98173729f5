//go:build !amd64 || purego

package store

var aesBlocksAsm = false

func encryptBlocksFast(xk *[176]byte, dst, src [][16]byte) bool { return false }
