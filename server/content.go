package server

import (
	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/resource"
)

// replaceContent stores a whole new text for r (edits made by form or PATCH)
// through s.texts, so that with live editing the change reaches connected
// editors as an operation. base is the version the edit started from.
func (s *Server) replaceContent(c echo.Context, r resource.Resource, base int64) (int64, error) {
	u := currentUser(c)
	s.checkpointIfIdle(c.Request().Context(), r.ID, base, r.Updated)
	v, err := s.texts.Replace(c.Request().Context(), r.ID, Author{UserID: u.ID, Name: u.Name}, base, r.Content, nil)
	if err == nil {
		s.checkpointIfBusy(c.Request().Context(), r.ID, v)
	}
	return v, err
}

// checkLicenseChange lets later capabilities (forks) veto a licence change
// their source's licence does not allow.
func (s *Server) checkLicenseChange(c echo.Context, r resource.Resource) error {
	for _, check := range s.licenseChecks {
		if err := check(c, r); err != nil {
			return err
		}
	}
	return nil
}
