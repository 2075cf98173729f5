package drill

import (
	"testing"

	"ringside/internal/uitest"
)

// The drill's hints name its keys from the key map: rebound there (as a
// config file does), the start, step and abandon lines say the new keys,
// and the new keys work.
func TestDrillHintsNameTheKeyMapsKeys(t *testing.T) {
	d, _ := openDrill(t, uitest.OpenDemo(t))
	d.Rebind(map[string][]string{"drill.start-clock": {"s"}, "drill.step-done": {"x"}, "drill.abandon": {"A"}})
	d.Must(" s starts the clock")
	d.Keys("s")
	d.Must(" x done · f failed · n note on this step · A abandon (asks first)")
	d.Keys("A")
	d.Must("Abandon this drill? Nothing is saved. y abandons · n goes on")
}
