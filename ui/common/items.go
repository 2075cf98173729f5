package common

import (
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
)

// StillThere finds the item at i (or, if it moved, the equal one) or says
// the pilot changed (k.Changed): an edit names its item by position and
// checks, inside the save's transaction, that the item is still what the
// form started from, so an edit never lands on the wrong item.
func StillThere[T any](k *KeyMap, items []T, i int, want T, what string) (int, error) {
	if i >= 0 && i < len(items) && reflect.DeepEqual(items[i], want) {
		return i, nil
	}
	for j := range items {
		if reflect.DeepEqual(items[j], want) {
			return j, nil
		}
	}
	return 0, k.Changed(what)
}

// Changed refuses an edit whose item (what) changed under the form,
// naming the key that closes the form: "the ring canary changed since
// this form opened: close it (esc) and try again" with the default keys.
func (k *KeyMap) Changed(what string) error {
	return fmt.Errorf("the %s changed since this form opened: close it (%s) and try again", what, Named(k.Cancel))
}

// Remove deletes the item at i of list while it is still want.
func Remove[T any](k *KeyMap, list *[]T, i int, want T, what string) error {
	j, err := StillThere(k, *list, i, want, what)
	if err == nil {
		*list = slices.Delete(*list, j, j+1)
	}
	return err
}

// EditorCommand is $EDITOR split into a command and its arguments; ok is
// false when it is not set (the body is then edited in the form).
func EditorCommand() (cmd []string, ok bool) {
	f := strings.Fields(os.Getenv("EDITOR"))
	return f, len(f) > 0
}
