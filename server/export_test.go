package server

// RouteList is every registered route as "METHOD path", for tests that walk
// them all (the hostile-input test fails when a new route has no probe).
func RouteList(s *Server) [][2]string {
	var out [][2]string
	for _, r := range s.echo.Routes() {
		out = append(out, [2]string{r.Method, r.Path})
	}
	return out
}
