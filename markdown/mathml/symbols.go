package mathml

// symKind says how a command that stands for one symbol is written.
type symKind uint8

const (
	symIdent   symKind = iota // <mi>: letters, constants (∞, ∂, ℓ)
	symOp                     // <mo>: relations, binary operators, arrows, punctuation
	symLarge                  // <mo> with limits under and over in display style (∑, ∏, ⋃)
	symInt                    // <mo> with scripts beside it (∫, ∮)
	symUpright                // <mi mathvariant="normal">: upright capital Greek
)

type symbol struct {
	text string
	kind symKind
}

// symbols maps a command name (without the backslash) to its character.
var symbols = map[string]symbol{
	// Greek, lower case (italic by MathML's default for one-letter <mi>).
	"alpha": {"α", symIdent}, "beta": {"β", symIdent}, "gamma": {"γ", symIdent}, "delta": {"δ", symIdent},
	"epsilon": {"ϵ", symIdent}, "varepsilon": {"ε", symIdent}, "zeta": {"ζ", symIdent}, "eta": {"η", symIdent},
	"theta": {"θ", symIdent}, "vartheta": {"ϑ", symIdent}, "iota": {"ι", symIdent}, "kappa": {"κ", symIdent},
	"varkappa": {"ϰ", symIdent}, "lambda": {"λ", symIdent}, "mu": {"μ", symIdent}, "nu": {"ν", symIdent},
	"xi": {"ξ", symIdent}, "omicron": {"ο", symIdent}, "pi": {"π", symIdent}, "varpi": {"ϖ", symIdent},
	"rho": {"ρ", symIdent}, "varrho": {"ϱ", symIdent}, "sigma": {"σ", symIdent}, "varsigma": {"ς", symIdent},
	"tau": {"τ", symIdent}, "upsilon": {"υ", symIdent}, "phi": {"ϕ", symIdent}, "varphi": {"φ", symIdent},
	"chi": {"χ", symIdent}, "psi": {"ψ", symIdent}, "omega": {"ω", symIdent}, "digamma": {"ϝ", symIdent},
	// Greek, upper case: upright, as in TeX.
	"Gamma": {"Γ", symUpright}, "Delta": {"Δ", symUpright}, "Theta": {"Θ", symUpright}, "Lambda": {"Λ", symUpright},
	"Xi": {"Ξ", symUpright}, "Pi": {"Π", symUpright}, "Sigma": {"Σ", symUpright}, "Upsilon": {"Υ", symUpright},
	"Phi": {"Φ", symUpright}, "Psi": {"Ψ", symUpright}, "Omega": {"Ω", symUpright},
	"varGamma": {"Γ", symIdent}, "varDelta": {"Δ", symIdent}, "varTheta": {"Θ", symIdent}, "varLambda": {"Λ", symIdent},
	"varPi": {"Π", symIdent}, "varSigma": {"Σ", symIdent}, "varPhi": {"Φ", symIdent}, "varPsi": {"Ψ", symIdent},
	"varOmega": {"Ω", symIdent},

	// Letter-like symbols.
	"infty": {"∞", symIdent}, "partial": {"∂", symIdent}, "nabla": {"∇", symIdent}, "ell": {"ℓ", symIdent},
	"hbar": {"ℏ", symIdent}, "hslash": {"ℏ", symIdent}, "imath": {"ı", symIdent}, "jmath": {"ȷ", symIdent},
	"Re": {"ℜ", symIdent}, "Im": {"ℑ", symIdent}, "aleph": {"ℵ", symIdent}, "beth": {"ℶ", symIdent},
	"wp": {"℘", symIdent}, "emptyset": {"∅", symIdent}, "varnothing": {"∅", symIdent}, "top": {"⊤", symIdent},
	"bot": {"⊥", symIdent}, "angle": {"∠", symIdent}, "triangle": {"△", symIdent}, "Box": {"□", symIdent},
	"square": {"□", symIdent}, "Diamond": {"◊", symIdent}, "clubsuit": {"♣", symIdent},
	"diamondsuit": {"♢", symIdent}, "heartsuit": {"♡", symIdent}, "spadesuit": {"♠", symIdent},
	"degree": {"°", symIdent}, "checkmark": {"✓", symIdent}, "complement": {"∁", symIdent},

	// Binary operators.
	"pm": {"±", symOp}, "mp": {"∓", symOp}, "times": {"×", symOp}, "div": {"÷", symOp}, "cdot": {"⋅", symOp},
	"ast": {"∗", symOp}, "star": {"⋆", symOp}, "circ": {"∘", symOp}, "bullet": {"∙", symOp},
	"oplus": {"⊕", symOp}, "ominus": {"⊖", symOp}, "otimes": {"⊗", symOp}, "oslash": {"⊘", symOp},
	"odot": {"⊙", symOp}, "cup": {"∪", symOp}, "cap": {"∩", symOp}, "uplus": {"⊎", symOp},
	"sqcup": {"⊔", symOp}, "sqcap": {"⊓", symOp}, "vee": {"∨", symOp}, "lor": {"∨", symOp},
	"wedge": {"∧", symOp}, "land": {"∧", symOp}, "setminus": {"∖", symOp}, "smallsetminus": {"∖", symOp},
	"wr": {"≀", symOp}, "dagger": {"†", symOp}, "ddagger": {"‡", symOp}, "amalg": {"⨿", symOp},
	"neg": {"¬", symOp}, "lnot": {"¬", symOp}, "forall": {"∀", symOp}, "exists": {"∃", symOp},
	"nexists": {"∄", symOp}, "prime": {"′", symOp}, "backslash": {"∖", symOp}, "cdotp": {"⋅", symOp},
	"centerdot": {"⋅", symOp},

	// Relations.
	"leq": {"≤", symOp}, "le": {"≤", symOp}, "geq": {"≥", symOp}, "ge": {"≥", symOp}, "neq": {"≠", symOp},
	"ne": {"≠", symOp}, "leqslant": {"⩽", symOp}, "geqslant": {"⩾", symOp}, "ll": {"≪", symOp},
	"gg": {"≫", symOp}, "lll": {"⋘", symOp}, "ggg": {"⋙", symOp}, "approx": {"≈", symOp},
	"approxeq": {"≊", symOp}, "equiv": {"≡", symOp}, "sim": {"∼", symOp}, "simeq": {"≃", symOp},
	"cong": {"≅", symOp}, "doteq": {"≐", symOp}, "propto": {"∝", symOp}, "varpropto": {"∝", symOp},
	"in": {"∈", symOp}, "notin": {"∉", symOp}, "ni": {"∋", symOp}, "owns": {"∋", symOp},
	"subset": {"⊂", symOp}, "supset": {"⊃", symOp}, "subseteq": {"⊆", symOp}, "supseteq": {"⊇", symOp},
	"subsetneq": {"⊊", symOp}, "supsetneq": {"⊋", symOp}, "nsubseteq": {"⊈", symOp},
	"sqsubseteq": {"⊑", symOp}, "sqsupseteq": {"⊒", symOp}, "prec": {"≺", symOp}, "succ": {"≻", symOp},
	"preceq": {"⪯", symOp}, "succeq": {"⪰", symOp}, "mid": {"∣", symOp}, "nmid": {"∤", symOp},
	"parallel": {"∥", symOp}, "nparallel": {"∦", symOp}, "perp": {"⊥", symOp}, "models": {"⊨", symOp},
	"vdash": {"⊢", symOp}, "dashv": {"⊣", symOp}, "asymp": {"≍", symOp}, "bowtie": {"⋈", symOp},
	"lesssim": {"≲", symOp}, "gtrsim": {"≳", symOp}, "triangleq": {"≜", symOp}, "coloneqq": {"≔", symOp},
	"eqqcolon": {"≕", symOp}, "therefore": {"∴", symOp}, "because": {"∵", symOp}, "colon": {":", symOp},
	"lt": {"<", symOp}, "gt": {">", symOp}, "nleq": {"≰", symOp}, "ngeq": {"≱", symOp},
	"nless": {"≮", symOp}, "ngtr": {"≯", symOp}, "nsim": {"≁", symOp}, "ncong": {"≇", symOp},

	// Arrows.
	"to": {"→", symOp}, "rightarrow": {"→", symOp}, "leftarrow": {"←", symOp}, "gets": {"←", symOp},
	"leftrightarrow": {"↔", symOp}, "Rightarrow": {"⇒", symOp}, "Leftarrow": {"⇐", symOp},
	"Leftrightarrow": {"⇔", symOp}, "implies": {"⟹", symOp}, "impliedby": {"⟸", symOp},
	"iff": {"⟺", symOp}, "longrightarrow": {"⟶", symOp}, "longleftarrow": {"⟵", symOp},
	"Longrightarrow": {"⟹", symOp}, "Longleftarrow": {"⟸", symOp}, "longleftrightarrow": {"⟷", symOp},
	"Longleftrightarrow": {"⟺", symOp}, "mapsto": {"↦", symOp}, "longmapsto": {"⟼", symOp},
	"uparrow": {"↑", symOp}, "downarrow": {"↓", symOp}, "updownarrow": {"↕", symOp},
	"Uparrow": {"⇑", symOp}, "Downarrow": {"⇓", symOp}, "nearrow": {"↗", symOp}, "searrow": {"↘", symOp},
	"swarrow": {"↙", symOp}, "nwarrow": {"↖", symOp}, "hookrightarrow": {"↪", symOp},
	"hookleftarrow": {"↩", symOp}, "rightleftharpoons": {"⇌", symOp}, "leadsto": {"⇝", symOp},
	"rightharpoonup": {"⇀", symOp}, "leftharpoonup": {"↼", symOp},

	// Dots and punctuation.
	"ldots": {"…", symOp}, "dots": {"…", symOp}, "dotsc": {"…", symOp}, "dotsb": {"⋯", symOp},
	"dotsm": {"⋯", symOp}, "cdots": {"⋯", symOp}, "vdots": {"⋮", symOp}, "ddots": {"⋱", symOp},
	"%": {"%", symOp}, "$": {"$", symOp}, "#": {"#", symOp}, "&": {"&", symOp}, "_": {"_", symOp},
	"S": {"§", symOp}, "P": {"¶", symOp},

	// Delimiters.
	"{": {"{", symOp}, "}": {"}", symOp}, "lbrace": {"{", symOp}, "rbrace": {"}", symOp},
	"langle": {"⟨", symOp}, "rangle": {"⟩", symOp}, "lfloor": {"⌊", symOp}, "rfloor": {"⌋", symOp},
	"lceil": {"⌈", symOp}, "rceil": {"⌉", symOp}, "vert": {"|", symOp}, "lvert": {"|", symOp},
	"rvert": {"|", symOp}, "|": {"‖", symOp}, "Vert": {"‖", symOp}, "lVert": {"‖", symOp},
	"rVert": {"‖", symOp}, "lbrack": {"[", symOp}, "rbrack": {"]", symOp},

	// Large operators.
	"sum": {"∑", symLarge}, "prod": {"∏", symLarge}, "coprod": {"∐", symLarge}, "bigcup": {"⋃", symLarge},
	"bigcap": {"⋂", symLarge}, "bigvee": {"⋁", symLarge}, "bigwedge": {"⋀", symLarge},
	"bigoplus": {"⨁", symLarge}, "bigotimes": {"⨂", symLarge}, "bigodot": {"⨀", symLarge},
	"biguplus": {"⨄", symLarge}, "bigsqcup": {"⨆", symLarge},
	"int": {"∫", symInt}, "iint": {"∬", symInt}, "iiint": {"∭", symInt}, "oint": {"∮", symInt},
	"intop": {"∫", symInt}, "smallint": {"∫", symInt},
}

// functions are upright operator names; those in limitFunctions take their subscripts under
// them in display style (\lim_{x\to 0}).
var functions = map[string]bool{
	"sin": true, "cos": true, "tan": true, "cot": true, "sec": true, "csc": true, "arcsin": true,
	"arccos": true, "arctan": true, "sinh": true, "cosh": true, "tanh": true, "coth": true,
	"log": true, "ln": true, "lg": true, "exp": true, "dim": true, "ker": true, "deg": true,
	"hom": true, "arg": true, "sgn": true,
	"lim": true, "liminf": true, "limsup": true, "max": true, "min": true, "sup": true, "inf": true,
	"det": true, "gcd": true, "Pr": true, "argmax": true, "argmin": true,
}

var limitFunctions = map[string]bool{
	"lim": true, "liminf": true, "limsup": true, "max": true, "min": true, "sup": true, "inf": true,
	"det": true, "gcd": true, "Pr": true, "argmax": true, "argmin": true,
}

// functionText is how a function name is shown when it differs from the command.
var functionText = map[string]string{
	"liminf": "lim inf", "limsup": "lim sup", "argmax": "arg max", "argmin": "arg min",
}

// accents maps an accent command to the mark drawn over (or under) its argument and whether the
// mark stretches to the width of the argument.
var accents = map[string]struct {
	mark    string
	stretch bool
	under   bool
}{
	"hat": {"^", false, false}, "widehat": {"^", true, false}, "bar": {"‾", false, false},
	"overline": {"‾", true, false}, "vec": {"→", false, false}, "overrightarrow": {"→", true, false},
	"overleftarrow": {"←", true, false}, "overleftrightarrow": {"↔", true, false},
	"dot": {"˙", false, false}, "ddot": {"¨", false, false}, "dddot": {"⃛", false, false},
	"tilde": {"~", false, false}, "widetilde": {"~", true, false}, "check": {"ˇ", false, false},
	"breve": {"˘", false, false}, "acute": {"´", false, false}, "grave": {"`", false, false},
	"mathring": {"˚", false, false}, "underline": {"_", true, true},
	"underrightarrow": {"→", true, true}, "underleftarrow": {"←", true, true},
}

// negations gives the negated form of a relation after \not.
var negations = map[string]string{
	"=": "≠", "<": "≮", ">": "≯", "∈": "∉", "⊂": "⊄", "⊃": "⊅", "⊆": "⊈", "⊇": "⊉", "≡": "≢",
	"∼": "≁", "≈": "≉", "≤": "≰", "≥": "≱", "∣": "∤", "∥": "∦", "∃": "∄", "≅": "≇", "≃": "≄",
}

// spaces maps spacing commands to widths in em.
var spaces = map[string]string{
	",": "0.1667em", "thinspace": "0.1667em", ":": "0.2222em", ">": "0.2222em", "medspace": "0.2222em",
	";": "0.2778em", "thickspace": "0.2778em", "enspace": "0.5em", "quad": "1em", "qquad": "2em",
	" ": "0.3333em", "space": "0.3333em", "nobreakspace": "0.3333em",
}

// bigSizes are the heights of \big, \Big, \bigg and \Bigg delimiters.
var bigSizes = map[string]string{
	"big": "1.2em", "bigl": "1.2em", "bigr": "1.2em", "bigm": "1.2em",
	"Big": "1.623em", "Bigl": "1.623em", "Bigr": "1.623em", "Bigm": "1.623em",
	"bigg": "2.047em", "biggl": "2.047em", "biggr": "2.047em", "biggm": "2.047em",
	"Bigg": "2.470em", "Biggl": "2.470em", "Biggr": "2.470em", "Biggm": "2.470em",
}

// matrixFences are the delimiters around each matrix environment.
var matrixFences = map[string][2]string{
	"matrix": {"", ""}, "smallmatrix": {"", ""}, "array": {"", ""}, "subarray": {"", ""},
	"pmatrix": {"(", ")"}, "bmatrix": {"[", "]"}, "Bmatrix": {"{", "}"}, "vmatrix": {"|", "|"},
	"Vmatrix": {"‖", "‖"}, "cases": {"{", ""}, "dcases": {"{", ""}, "rcases": {"", "}"},
}

// alignedEnvs lay rows out as alternately right- and left-aligned columns.
var alignedEnvs = map[string]bool{
	"aligned": true, "align": true, "align*": true, "alignat": true, "alignat*": true, "split": true,
	"eqnarray": true, "eqnarray*": true, "flalign": true, "flalign*": true,
}

// centredEnvs stack centred rows; the equation environments hold one.
var centredEnvs = map[string]bool{
	"gathered": true, "gather": true, "gather*": true, "multline": true, "multline*": true,
	"equation": true, "equation*": true, "displaymath": true,
}
