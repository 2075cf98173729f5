package widgets

// Scroll keeps a cursor visible in a window of height rows over n items:
// it returns the new first visible row. The window only moves when the
// cursor would leave it, so moving inside it costs nothing.
func Scroll(cursor, offset, height, n int) int {
	if height <= 0 || n <= 0 {
		return 0
	}
	if cursor < offset {
		offset = cursor
	}
	if cursor >= offset+height {
		offset = cursor - height + 1
	}
	if max := n - height; offset > max {
		offset = max
	}
	if offset < 0 {
		offset = 0
	}
	return offset
}

// Clamp limits v to [lo, hi]; when hi < lo it returns lo.
func Clamp(v, lo, hi int) int {
	if v > hi {
		v = hi
	}
	if v < lo {
		v = lo
	}
	return v
}
