package httpx

import "strings"

// Handovers reads the new owners named for an account's deletion: the pairs
// to.<resource id>=<handle> of a query or a form (app.DeleteAccountRequest.To).
func Handovers(v map[string][]string) map[string]string {
	out := map[string]string{}
	for k, vals := range v {
		if id, ok := strings.CutPrefix(k, "to."); ok && id != "" && len(vals) > 0 {
			out[id] = vals[0]
		}
	}
	return out
}
