package translation

import "golang.org/x/text/language"

// rtlScripts are the ISO 15924 scripts written right to left.
var rtlScripts = map[string]bool{
	"Arab": true, "Aran": true, "Hebr": true, "Thaa": true, "Syrc": true, "Nkoo": true,
	"Adlm": true, "Rohg": true, "Mand": true, "Samr": true, "Mend": true, "Yezi": true,
	"Armi": true, "Avst": true, "Chrs": true, "Cprt": true, "Elym": true, "Hatr": true,
	"Hung": true, "Khar": true, "Lydi": true, "Mani": true, "Narb": true, "Nbat": true,
	"Orkh": true, "Palm": true, "Phli": true, "Phlp": true, "Phnx": true, "Prti": true,
	"Sarb": true, "Sogd": true, "Sogo": true, "Ougr": true,
}

// Direction returns "rtl" when the language is written right to left and
// "ltr" otherwise (also for an empty or invalid tag). It decides by script,
// as golang.org/x/text/language infers it: "ar", "he", "fa", "ur", "ckb",
// "dv", "yi", "ps" and "az-Arab" are right to left; "ku" (Latin) is not.
func Direction(lang string) string {
	tag, err := language.Parse(lang)
	if err != nil {
		return "ltr"
	}
	script, conf := tag.Script()
	if conf == language.No {
		return "ltr"
	}
	if rtlScripts[script.String()] {
		return "rtl"
	}
	return "ltr"
}
