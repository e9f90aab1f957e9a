package server_test

import "testing"

// TestAuthorizationMatrix checks every role × action through the real router,
// on a private and a public resource. The expectations are written out by
// hand so that a change to the rules has to change this table too.
func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	owner := env.signup("owner")
	people := map[string]*client{"owner": owner}
	for _, role := range []string{"editor", "translator", "reviewer", "viewer"} {
		people[role] = env.signup(role)
	}
	people["stranger"] = env.signup("stranger")
	people["anonymous"] = env.anon()
	env.signup("newcomer")
	actors := []string{"owner", "editor", "translator", "reviewer", "viewer", "stranger", "anonymous"}

	type action struct {
		name, method, path string
		body               any
	}
	actions := []action{
		{"read", "GET", "", nil},
		{"list people", "GET", "/collaborators", nil},
		{"edit content", "PATCH", "", map[string]any{"content": "changed\n"}},
		{"edit metadata", "PATCH", "", map[string]any{"title": "Changed"}},
		{"change licence", "PATCH", "", map[string]any{"license": "CC-BY-SA-4.0"}},
		{"change visibility", "PATCH", "", map[string]any{"visibility": "unlisted"}},
		{"add person", "PUT", "/collaborators/newcomer", map[string]any{"role": "viewer"}},
		{"remove person", "DELETE", "/collaborators/viewer", nil},
		{"delete", "DELETE", "", nil},
	}
	//                          owner editor transl review viewer stranger anon
	want := map[string]map[string][7]int{
		"private": {
			"read":              {200, 200, 200, 200, 200, 404, 404},
			"list people":       {200, 200, 200, 200, 200, 404, 404},
			"edit content":      {200, 200, 403, 403, 403, 404, 404},
			"edit metadata":     {200, 200, 403, 403, 403, 404, 404},
			"change licence":    {200, 403, 403, 403, 403, 404, 404},
			"change visibility": {200, 403, 403, 403, 403, 404, 404},
			"add person":        {200, 403, 403, 403, 403, 404, 404},
			"remove person":     {204, 403, 403, 403, 403, 404, 404},
			"delete":            {204, 403, 403, 403, 403, 404, 404},
		},
		"public": {
			"read":              {200, 200, 200, 200, 200, 200, 200},
			"list people":       {200, 200, 200, 200, 200, 200, 200},
			"edit content":      {200, 200, 403, 403, 403, 403, 401},
			"edit metadata":     {200, 200, 403, 403, 403, 403, 401},
			"change licence":    {200, 403, 403, 403, 403, 403, 401},
			"change visibility": {200, 403, 403, 403, 403, 403, 401},
			"add person":        {200, 403, 403, 403, 403, 403, 401},
			"remove person":     {204, 403, 403, 403, 403, 403, 401},
			"delete":            {204, 403, 403, 403, 403, 403, 401},
		},
	}
	for _, vis := range []string{"private", "public"} {
		for _, a := range actions {
			for i, actor := range actors {
				// A fresh resource per cell: a successful change must not
				// colour the next actor's result.
				id := owner.createResource(map[string]any{"visibility": vis})
				for _, role := range []string{"editor", "translator", "reviewer", "viewer"} {
					if status, body := owner.do("PUT", "/api/v1/resources/"+id+"/collaborators/"+role, map[string]any{"role": role}); status != 200 {
						t.Fatalf("grant %s: %d %v", role, status, body)
					}
				}
				status, body := people[actor].do(a.method, "/api/v1/resources/"+id+a.path, a.body)
				if exp := want[vis][a.name][i]; status != exp {
					t.Errorf("%s resource, %s by %s: got %d %v, want %d", vis, a.name, actor, status, body, exp)
				} else if status >= 400 {
					code := map[int]string{401: "unauthorized", 403: "forbidden", 404: "not_found"}[status]
					if errorCode(body) != code {
						t.Errorf("%s/%s/%s: code %q, want %q", vis, a.name, actor, errorCode(body), code)
					}
				}
				// Refusals change nothing.
				if status >= 400 {
					_, after := owner.do("GET", "/api/v1/resources/"+id, nil)
					if after["title"] != "Fractions" || after["visibility"] != vis || after["license"] != "CC-BY-4.0" {
						t.Errorf("%s/%s/%s: refused request changed the resource: %v", vis, a.name, actor, after)
					}
				}
			}
		}
	}
}
