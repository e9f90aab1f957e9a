package main

import (
	"bufio"
	"io"
	"os"
	"strconv"
	"strings"
)

// tcpCounts are the machine's TCP counters from /proc/net/snmp and /proc/net/netstat. On
// loopback every segment the server or the tool sends is also received by the other, and each
// costs a pass through both TCP stacks, so segments per keystroke is a fixed cost below any
// server's code. Segments that carry data are counted by TCPDelivered (each is acknowledged
// once); the rest are mostly pure ACKs.
type tcpCounts struct {
	segments int64 // Tcp OutSegs: every segment sent, data or not
	data     int64 // TcpExt TCPDelivered: data segments acknowledged by their receiver
	ok       bool  // both counters were found
}

func readTCP() tcpCounts {
	snmp, err := os.Open("/proc/net/snmp")
	if err != nil {
		return tcpCounts{}
	}
	defer snmp.Close()
	netstat, err := os.Open("/proc/net/netstat")
	if err != nil {
		return tcpCounts{}
	}
	defer netstat.Close()
	return parseTCP(snmp, netstat)
}

// parseTCP takes OutSegs from the "Tcp:" pair of lines of snmp and TCPDelivered from the
// "TcpExt:" pair of netstat (each a header line of names followed by a line of values).
func parseTCP(snmp, netstat io.Reader) tcpCounts {
	out, okOut := procCounter(snmp, "Tcp:", "OutSegs")
	del, okDel := procCounter(netstat, "TcpExt:", "TCPDelivered")
	return tcpCounts{segments: out, data: del, ok: okOut && okDel}
}

func procCounter(r io.Reader, prefix, name string) (int64, bool) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	var header []string
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 || f[0] != prefix {
			header = nil
			continue
		}
		if header == nil {
			header = f
			continue
		}
		for i, h := range header {
			if h == name && i < len(f) {
				v, err := strconv.ParseInt(f[i], 10, 64)
				return v, err == nil
			}
		}
		return 0, false
	}
	return 0, false
}

// segmentsPerKey is what the machine's TCP sent between a and b per keystroke: all segments,
// and those that carried data.
func segmentsPerKey(a, b tcpCounts, keys int64) (all, data float64) {
	if !a.ok || !b.ok || keys <= 0 {
		return 0, 0
	}
	return float64(b.segments-a.segments) / float64(keys), float64(b.data-a.data) / float64(keys)
}
