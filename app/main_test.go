package app

import (
	"testing"

	"github.com/commonplace/commonplace/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }
