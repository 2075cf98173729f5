package payback

import "testing"

func TestGrouped(t *testing.T) {
	t.Parallel()
	cases := map[float64]string{0: "0", 999: "999", 1000: "1,000", -209992.4: "-209,992", 1234567.5: "1,234,568", -0.4: "0"}
	for in, want := range cases {
		if got := Grouped(in); got != want {
			t.Errorf("Grouped(%v) = %q, want %q", in, got, want)
		}
	}
}
