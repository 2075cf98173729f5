package health

import (
	"strings"

	"ringside/model"
)

// RingVerdict is the line that states a ring's verdict, as `ringside
// health` prints it and the cockpit's Rings tab shows it (each with the
// ring's Deciding reason under or beside it): "ring pilot: WARN, score
// 83.33", with ", ROLLBACK TRIGGER FIRED" when a trigger fired. Names are
// passed through as stored; callers that print make them safe.
func RingVerdict(r RingHealth) string {
	line := "ring " + r.Ring + ": " + strings.ToUpper(string(r.Status))
	if r.Score != nil {
		line += ", score " + model.Num(*r.Score)
	}
	if r.Rollback {
		line += ", ROLLBACK TRIGGER FIRED"
	}
	return line
}
