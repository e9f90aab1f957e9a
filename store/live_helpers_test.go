package store_test

import (
	"strconv"
	"time"
)

func itoa(n int) string { return strconv.Itoa(n) }

func timeAfter(ms int) <-chan time.Time { return time.After(time.Duration(ms) * time.Millisecond) }
