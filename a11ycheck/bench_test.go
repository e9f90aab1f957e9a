package a11ycheck

import (
	"os"
	"testing"
)

// BenchmarkCheck checks the longest lesson of the corpus (Chinese, 397 formulas), as the editor
// asks for while someone types.
func BenchmarkCheck(b *testing.B) {
	src, err := os.ReadFile("../export/testdata/lessons/zh-pumpkin-ch3.md")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		Check(string(src), Options{Language: "zh"})
	}
}
