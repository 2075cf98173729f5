package exporters

import (
	"fmt"
	"regexp"
	"strconv"
	"sync"
)

// Anchor is the audit chain's head when an export was written: the
// sequence number of its newest entry and that entry's hash. Every export
// carries it as one token, AnchorToken, so a copy kept outside the
// database anchors the chain: `ringside verify --anchor FILE` finds the
// token in any export (checklist in every format, minutes, portfolio
// file, checkpoint) and checks that entry SEQ still has that hash.
type Anchor struct {
	Seq  int64
	Head string
}

// AnchorToken spells an anchor: "ringside-anchor seq=42 head=<64 hex>".
func AnchorToken(seq int64, head string) string {
	return "ringside-anchor seq=" + strconv.FormatInt(seq, 10) + " head=" + head
}

var anchorRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`ringside-anchor seq=([0-9]+) head=([0-9a-f]{64})`) })

// FindAnchor returns the first anchor token in an export's text.
func FindAnchor(text []byte) (Anchor, bool) {
	m := anchorRE().FindSubmatch(text)
	if m == nil {
		return Anchor{}, false
	}
	seq, err := strconv.ParseInt(string(m[1]), 10, 64)
	if err != nil {
		return Anchor{}, false
	}
	return Anchor{Seq: seq, Head: string(m[2])}, true
}

var seqHashRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([0-9]+):([0-9a-f]{64})$`) })

// ParseAnchor reads SEQ:HASH as `verify --anchor` takes it on the command line.
func ParseAnchor(s string) (Anchor, error) {
	m := seqHashRE().FindStringSubmatch(s)
	if m == nil {
		return Anchor{}, fmt.Errorf("anchor %q is not SEQ:HASH (an entry number, a colon, 64 lower-case hex digits) nor a file holding a ringside-anchor line: copy it from an export's footer or a checkpoint", s)
	}
	seq, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil || seq < 1 {
		return Anchor{}, fmt.Errorf("anchor %q: the entry number must be 1 or more", s)
	}
	return Anchor{Seq: seq, Head: m[2]}, nil
}
