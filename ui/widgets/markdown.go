package widgets

import (
	"regexp"
	"strings"
	"sync"

	"charm.land/lipgloss/v2"
)

// MarkdownStyles are the styles the small renderer applies.
type MarkdownStyles struct {
	Heading, Bold, Code, Text lipgloss.Style
}

var (
	reNumbered = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\s*)(\d+)[.)]\s+(.*)$`) })
	reBullet   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\s*)[-*+]\s+(.*)$`) })
	reHeading  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(#{1,6})\s+(.*)$`) })
)

// Markdown renders the subset runbooks use: headings, numbered and bulleted
// lists (wrapped with a hanging indent), **bold**, `code` and fenced code
// blocks, wrapped to width. Input must already be made printable (control
// characters escaped). glamour v2 would be the richer upgrade.
func Markdown(src string, width int, st MarkdownStyles) []string {
	width = max(width, 10)
	var out []string
	fenced := false
	for _, line := range strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n") {
		trim := strings.TrimSpace(line)
		if strings.HasPrefix(trim, "```") {
			fenced = !fenced
			continue
		}
		if fenced {
			out = append(out, st.Code.Render(Cut("  "+line, width)))
			continue
		}
		switch {
		case trim == "":
			out = append(out, "")
		case reHeading().MatchString(trim):
			m := reHeading().FindStringSubmatch(trim)
			for _, l := range Wrap(stripInline(m[2]), width) {
				out = append(out, st.Heading.Render(l))
			}
		case reNumbered().MatchString(line):
			m := reNumbered().FindStringSubmatch(line)
			out = append(out, hanging(m[1]+m[2]+". ", m[3], width, st)...)
		case reBullet().MatchString(line):
			m := reBullet().FindStringSubmatch(line)
			out = append(out, hanging(m[1]+"• ", m[2], width, st)...)
		default:
			out = append(out, wrapStyled(inline(trim, st), width)...)
		}
	}
	return out
}

// hanging wraps text after a list marker, indenting continuation lines
// under the text.
func hanging(marker, text string, width int, st MarkdownStyles) []string {
	pad := strings.Repeat(" ", Width(marker))
	lines := wrapStyled(inline(text, st), max(width-Width(marker), 4))
	for i := range lines {
		if i == 0 {
			lines[i] = marker + lines[i]
		} else {
			lines[i] = pad + lines[i]
		}
	}
	return lines
}

// wrapStyled wraps already styled text by its visible width.
func wrapStyled(s string, w int) []string {
	return Wrap(s, w)
}

// inline styles **bold** and `code` spans; an unclosed ** is dropped.
func inline(s string, st MarkdownStyles) string {
	var b strings.Builder
	for s != "" {
		i := strings.IndexAny(s, "*`")
		if i < 0 {
			b.WriteString(st.Text.Render(s))
			break
		}
		if i > 0 {
			b.WriteString(st.Text.Render(s[:i]))
			s = s[i:]
		}
		if strings.HasPrefix(s, "**") {
			if j := strings.Index(s[2:], "**"); j >= 0 {
				b.WriteString(st.Bold.Render(s[2 : 2+j]))
				s = s[4+j:]
				continue
			}
			s = s[2:]
			continue
		}
		if s[0] == '`' {
			if j := strings.IndexByte(s[1:], '`'); j >= 0 {
				b.WriteString(st.Code.Render(s[1 : 1+j]))
				s = s[2+j:]
				continue
			}
		}
		b.WriteString(st.Text.Render(s[:1]))
		s = s[1:]
	}
	return b.String()
}

func stripInline(s string) string {
	return strings.NewReplacer("**", "", "`", "").Replace(s)
}
