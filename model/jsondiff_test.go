package model

import (
	"reflect"
	"strings"
	"testing"
)

func TestDiffJSON(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name          string
		before, after string
		want          []string
	}{
		{"created: every field added", "", `{"Slug":"a","Stage":"mvp"}`,
			[]string{"+ Slug: a", "+ Stage: mvp"}},
		{"deleted: every field removed", `{"Slug":"a"}`, "",
			[]string{"- Slug: a"}},
		{"one field changed, the rest untouched", `{"Slug":"a","Stage":"mvp","N":3}`, `{"Slug":"a","Stage":"pilot","N":3}`,
			[]string{"- Stage: mvp", "+ Stage: pilot"}},
		// Elements are named by Key, so a KPI inserted first does not
		// shift the others: only the new one's fields show.
		{"list element added by key", `{"KPIs":[{"Key":"csat","Target":">= 0"}]}`,
			`{"KPIs":[{"Key":"fcr","Target":">= +5%"},{"Key":"csat","Target":">= 0"}]}`,
			[]string{"+ KPIs[fcr].Key: fcr", "+ KPIs[fcr].Target: >= +5%"}},
		{"nested change inside a named element", `{"Rings":[{"ID":"pilot","Flags":{"kb":true}}]}`, `{"Rings":[{"ID":"pilot","Flags":{"kb":false}}]}`,
			[]string{"- Rings[pilot].Flags.kb: true", "+ Rings[pilot].Flags.kb: false"}},
		// Lists without an identifying field go by position.
		{"plain list by position", `{"Tags":["a","b"]}`, `{"Tags":["a"]}`,
			[]string{"- Tags[1]: b"}},
		// null, [] and {} are all absent: no change.
		{"null and empty are the same", `{"Revisions":null,"M":{}}`, `{"Revisions":[],"M":null}`, nil},
		// Numbers keep their text: 0.1 stays 0.1, a big day number exact.
		{"numbers as written", `{"X":0.1,"Day":20742}`, `{"X":0.10000000000000001,"Day":20743}`,
			[]string{"- Day: 20742", "+ Day: 20743", "- X: 0.1", "+ X: 0.10000000000000001"}},
		{"a scalar document", `1`, `2`, []string{"- value: 1", "+ value: 2"}},
		{"both empty", "", "", nil},
		// Compact entries: pointers written as paths, objects flattened
		// under them, an element appended shown whole.
		{"compact entry", `{"/Name":"a","/Rings/1/Exposure":0.1}`, `{"/Name":"b","/Rings/1/Exposure":0.2,"/Signoffs/2":{"Role":"legal"}}`,
			[]string{"- Name: a", "+ Name: b", "- Rings[1].Exposure: 0.1", "+ Rings[1].Exposure: 0.2", "+ Signoffs[2].Role: legal"}},
		{"compact escapes and an empty diff", `{"/Flags/0/States/a~1b":"on"}`, `{}`, []string{"- Flags[0].States.a/b: on"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines, err := DiffJSON(tc.before, tc.after)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range lines {
				got = append(got, l.String())
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
	if _, err := DiffJSON(`{"a":`, ""); err == nil || !strings.HasPrefix(err.Error(), "before: ") {
		t.Errorf("broken before JSON: err = %v, want one naming before", err)
	}
}

// FuzzDiffJSON: any two texts diff without panicking; a document against
// itself has no difference, and against nothing every line is one side's.
func FuzzDiffJSON(f *testing.F) {
	f.Add(`{"Slug":"a","KPIs":[{"Key":"x","V":1}]}`, `{"Slug":"b"}`)
	f.Add(`[1,2,{"id":3}]`, `null`)
	f.Add(`"x"`, `{"":[]}`)
	f.Fuzz(func(t *testing.T, before, after string) {
		lines, err := DiffJSON(before, after)
		if err != nil {
			return
		}
		for _, l := range lines {
			if l.Op != '+' && l.Op != '-' {
				t.Fatalf("op %q", l.Op)
			}
		}
		if same, _ := DiffJSON(before, before); len(same) != 0 {
			t.Fatalf("%q against itself: %v", before, same)
		}
		gone, _ := DiffJSON(before, "")
		for _, l := range gone {
			if l.Op != '-' {
				t.Fatalf("%q against nothing has %v", before, l)
			}
		}
	})
}
