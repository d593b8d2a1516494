package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/gleanerhq/gleaner"
	"github.com/gleanerhq/gleaner/internal/demo"
)

var update = flag.Bool("update", false, "rewrite the cmp targets in testdata/script/*.txtar")

// TestMain lets testscript run this test binary as the gleaner command:
// scripts that say "exec gleaner" run main, signal handling and os.Exit
// included, in a process of their own.
func TestMain(m *testing.M) {
	testscript.Main(cleanupAfter{m}, map[string]func(){"gleaner": main})
}

// cleanupAfter runs the tests, then removes what they built.
type cleanupAfter struct{ m *testing.M }

func (c cleanupAfter) Run() int {
	defer removeBinary()
	return c.m.Run()
}

// TestScripts runs testdata/script/*.txtar: gleaner used the way a person
// or cron uses it, one behaviour per script. Besides testscript's own
// commands the scripts can use:
//
//	world              serve the bundled corpus world on loopback; sets $WORLD
//	envsubst FILE...   replace $VAR and ${VAR} in FILEs with their values
//	exits CODE PROG... run PROG like exec and require exit status CODE
func TestScripts(t *testing.T) {
	t.Parallel()
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		UpdateScripts:       *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("GORACE", goraceNoExitSleep())
			return nil
		},
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"world":    cmdWorld,
			"envsubst": cmdEnvsubst,
			"exits":    cmdExits,
		},
	})
}

// cmdWorld serves gleaner.Corpus() on a free loopback port until the script
// ends and sets $WORLD to its base URL, e.g. http://127.0.0.1:41234; a
// site's feed is at ${WORLD}/<site>/<entry>.
func cmdWorld(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: world")
	}
	base, stop, err := demo.Serve(context.Background(), gleaner.Corpus(), "127.0.0.1:0")
	ts.Check(err)
	ts.Defer(stop)
	ts.Setenv("WORLD", base)
}

// cmdEnvsubst expands environment variables in files in place, so that a
// feeds.yaml in the archive can point at ${WORLD}.
func cmdEnvsubst(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: envsubst FILE...")
	}
	for _, f := range args {
		data := os.Expand(ts.ReadFile(f), ts.Getenv)
		ts.Check(os.WriteFile(ts.MkAbs(f), []byte(data), 0o666))
	}
}

// cmdExits runs a program like exec and checks its exit status: exec
// requires 0 and "! exec" any other, but cron branches on the exact code.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE PROGRAM [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad exit code %q", args[0])
	}
	got := 0
	var ee *exec.ExitError
	switch err := ts.Exec(args[1], args[2:]...); {
	case err == nil:
	case errors.As(err, &ee):
		got = ee.ExitCode()
	default:
		ts.Fatalf("exits: %v", err)
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}

// goraceNoExitSleep is $GORACE plus the option that stops a race-enabled
// program from sleeping a second before it exits (time for other threads
// to report races, which a test that checks exit codes does not need: a
// race still makes the program exit 66).
func goraceNoExitSleep() string {
	return strings.TrimSpace(os.Getenv("GORACE") + " atexit_sleep_ms=0")
}

// raceEnabled is set by race_test.go when the tests run with -race; the
// binary built for the process tests is then race-enabled too, which also
// lets go build reuse the packages go test compiled.
var raceEnabled bool

var built struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// gleanerBinary builds ./cmd/gleaner once per test binary and returns its
// path. It skips the test when there is no go command to build with.
func gleanerBinary(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("building gleaner needs the go command: %v", err)
	}
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "gleaner-bin-")
		if built.err != nil {
			return
		}
		built.path = filepath.Join(built.dir, "gleaner")
		args := []string{"build", "-o", built.path}
		if raceEnabled {
			args = append(args, "-race")
		}
		out, err := exec.Command(goTool, append(args, ".")...).CombinedOutput()
		if err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.path
}

func removeBinary() {
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
}
