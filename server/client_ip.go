package server

import (
	"fmt"
	"net"
	"strings"

	"github.com/labstack/echo/v4"
)

// CheckTrustedProxies reports the first entry of a trusted-proxy list that
// is neither an IP address nor a CIDR range, so a command can refuse it
// before starting anything.
func CheckTrustedProxies(list []string) error {
	_, err := ipExtractor(list)
	return err
}

// ipExtractor decides which address a request comes from, for the sign-in
// and sign-up limits and the logs. With no trusted proxies it is the TCP
// peer: X-Forwarded-For is anyone's to write, so trusting it by default
// let one client pose as any number of addresses. With trusted proxies (an
// address or CIDR range each), a request whose peer is one of them is
// taken to come from the nearest address in X-Forwarded-For that is not.
func ipExtractor(trusted []string) (echo.IPExtractor, error) {
	var opts []echo.TrustOption
	for _, s := range trusted {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if !strings.Contains(s, "/") {
			ip := net.ParseIP(s)
			if ip == nil {
				return nil, fmt.Errorf("trusted proxy %q is not an IP address or CIDR range", s)
			}
			if ip.To4() != nil {
				s += "/32"
			} else {
				s += "/128"
			}
		}
		_, n, err := net.ParseCIDR(s)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q is not an IP address or CIDR range", s)
		}
		opts = append(opts, echo.TrustIPRange(n))
	}
	if len(opts) == 0 {
		return echo.ExtractIPDirect(), nil
	}
	// Only the ranges named: not echo's default trust of loopback and
	// private networks, which would trust every neighbour on a shared LAN.
	opts = append([]echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}, opts...)
	return echo.ExtractIPFromXFFHeader(opts...), nil
}
