package main

import (
	"runtime"
	"strings"
	"testing"
)

// The layout of Linux 6.x: a line of names, then a line of values, per protocol.
const (
	snmpSample = `Ip: Forwarding DefaultTTL InReceives
Ip: 1 64 67814010
Icmp: InMsgs InErrors
Icmp: 4 0
Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors
Tcp: 1 200 120000 -1 113696 109132 4416 98233 0 67645426 67496977 147313 0 98558 0
Udp: InDatagrams NoPorts
Udp: 10 0
`
	netstatSample = `TcpExt: SyncookiesSent SyncookiesRecv DelayedACKs TCPDelivered TCPAckCompressed
TcpExt: 0 0 5812592 33197001 12
IpExt: InNoRoutes InTruncatedPkts
IpExt: 0 0
`
)

func TestParseTCPFindsOutSegsAndDelivered(t *testing.T) {
	c := parseTCP(strings.NewReader(snmpSample), strings.NewReader(netstatSample))
	if !c.ok || c.segments != 67496977 || c.data != 33197001 {
		t.Fatalf("parseTCP = %+v, want segments 67496977, data 33197001", c)
	}
}

func TestParseTCPWithoutACounterIsNotOK(t *testing.T) {
	noExt := "IpExt: InNoRoutes\nIpExt: 0\n"
	if c := parseTCP(strings.NewReader(snmpSample), strings.NewReader(noExt)); c.ok {
		t.Fatalf("parseTCP without TcpExt = %+v, want not ok", c)
	}
	if all, data := segmentsPerKey(tcpCounts{}, tcpCounts{segments: 10, ok: true}, 5); all != 0 || data != 0 {
		t.Fatalf("segmentsPerKey from an unknown start = %v, %v, want 0, 0", all, data)
	}
}

func TestSegmentsPerKey(t *testing.T) {
	a := tcpCounts{segments: 1000, data: 400, ok: true}
	b := tcpCounts{segments: 1000 + 6900, data: 400 + 4000, ok: true}
	all, data := segmentsPerKey(a, b, 1000)
	if all != 6.9 || data != 4 {
		t.Fatalf("segmentsPerKey = %v, %v, want 6.9, 4", all, data)
	}
}

func TestReadTCPOnThisMachine(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/proc/net is Linux's")
	}
	c := readTCP()
	if !c.ok || c.segments <= 0 {
		t.Fatalf("readTCP = %+v: /proc/net/snmp or /proc/net/netstat lacks the counters", c)
	}
}
