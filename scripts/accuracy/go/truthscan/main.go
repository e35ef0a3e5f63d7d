// Command truthscan reads one Go module's sources statically for the accuracy truth: its packages and files
// (as the go tool builds them in GOPATH mode), the test functions and suite methods of each test file, and which
// product files each test file names, resolved by go/types. The dynamic part (which file a test file's run
// really executed) is done by make_truth.py with `go test -coverprofile`; this tells it what to run and what
// "named directly" means.
//
// Usage: GO111MODULE=off GOPATH=... truthscan -root DIR -import-path PATH > static.json
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Package is one directory the go tool builds, with its files relative to the root.
type Package struct {
	ImportPath   string   `json:"import_path"`
	Dir          string   `json:"dir"`
	Name         string   `json:"name"`
	GoFiles      []string `json:"go_files"`
	TestGoFiles  []string `json:"test_go_files"`
	XTestGoFiles []string `json:"xtest_go_files"`
	TypeErrors   []string `json:"type_errors"`
}

// File is one product file: its function declarations and a statement count for files no test binary links.
type File struct {
	Functions  int    `json:"functions"`
	Funcs      []Func `json:"funcs"`
	Statements int    `json:"statements"`
}

// Func is one function or method declaration with a body: `Recv.Name` for methods, its body's line range.
type Func struct {
	Name string `json:"name"`
	Line int    `json:"line"`
	End  int    `json:"end"`
}

// SuiteMethod is a suite-style test: a Test* method of a testify or gocheck suite type.
type SuiteMethod struct {
	Recv      string `json:"recv"`
	Name      string `json:"name"`
	Framework string `json:"framework"`
}

// Entry is a top-level test function that starts suites (`suite.Run`, `check.TestingT`).
type Entry struct {
	Name      string   `json:"name"`
	Framework string   `json:"framework"`
	Suites    []string `json:"suites"`
}

// TestFile is one `_test.go` file: what it runs and which product files it names.
type TestFile struct {
	ImportPath   string        `json:"import_path"`
	External     bool          `json:"external"`
	Tests        []string      `json:"tests"`
	Benchmarks   []string      `json:"benchmarks"`
	SuiteMethods []SuiteMethod `json:"suite_methods"`
	Entries      []Entry       `json:"entries"`
	Refs         []string      `json:"refs"`
	HelperRefs   []string      `json:"helper_refs"`
	// Named lists, per product file, what the test file's own code names there: `Func`, `Type`, or
	// `Type.Method`, with `(type in FILE)` when the method's type is declared in another file.
	Named map[string][]string `json:"named"`
}

// Unbuilt is a .go file under the root that no package of the go tool builds on this platform.
type Unbuilt struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Output is the whole answer.
type Output struct {
	Packages []Package           `json:"packages"`
	Files    map[string]File     `json:"files"`
	Tests    map[string]TestFile `json:"tests"`
	Unbuilt  []Unbuilt           `json:"unbuilt"`
}

type scanner struct {
	root   string
	fset   *token.FileSet
	source types.ImporterFrom
	out    Output
	// per test package: declaration (by position key) -> product files and test-side declarations it uses
	declProduct map[string]map[string]bool
	declTest    map[string]map[string]bool
}

func main() {
	root := flag.String("root", "", "module directory inside GOPATH/src")
	importPath := flag.String("import-path", "", "import path of the module root")
	flag.Parse()
	if *root == "" || *importPath == "" {
		fmt.Fprintln(os.Stderr, "usage: truthscan -root DIR -import-path PATH")
		os.Exit(2)
	}
	abs, err := filepath.Abs(*root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "truthscan:", err)
		os.Exit(2)
	}
	fset := token.NewFileSet()
	s := &scanner{
		root:   abs,
		fset:   fset,
		source: importer.ForCompiler(fset, "source", nil).(types.ImporterFrom),
		out:    Output{Files: map[string]File{}, Tests: map[string]TestFile{}},
	}
	if err := s.run(*importPath); err != nil {
		fmt.Fprintln(os.Stderr, "truthscan:", err)
		os.Exit(2)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	if err := enc.Encode(s.out); err != nil {
		fmt.Fprintln(os.Stderr, "truthscan:", err)
		os.Exit(2)
	}
}

func (s *scanner) rel(p string) string {
	r, err := filepath.Rel(s.root, p)
	if err != nil || strings.HasPrefix(r, "..") {
		return ""
	}
	return filepath.ToSlash(r)
}

// run walks the root as `go list ./...` does and reads every package it finds.
func (s *scanner) run(importPath string) error {
	built := map[string]bool{}
	var all []string
	err := filepath.Walk(s.root, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		name := info.Name()
		if info.IsDir() {
			if p != s.root && (strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(name, ".go") {
			all = append(all, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	var dirs []string
	seen := map[string]bool{}
	for _, p := range all {
		d := filepath.Dir(p)
		if !seen[d] {
			seen[d] = true
			dirs = append(dirs, d)
		}
	}
	sort.Strings(dirs)
	for _, d := range dirs {
		rd := s.rel(d)
		ip := importPath
		if rd != "." {
			ip = importPath + "/" + rd
		}
		bp, err := build.Default.ImportDir(d, 0)
		if err != nil {
			if _, ok := err.(*build.NoGoError); ok {
				continue
			}
			if bp == nil || bp.Name == "" {
				fmt.Fprintf(os.Stderr, "truthscan: %s: %v\n", rd, err)
				continue
			}
		}
		pkg := Package{ImportPath: ip, Dir: rd, Name: bp.Name}
		for _, f := range append(append([]string{}, bp.GoFiles...), bp.CgoFiles...) {
			pkg.GoFiles = append(pkg.GoFiles, s.rel(filepath.Join(d, f)))
		}
		for _, f := range bp.TestGoFiles {
			pkg.TestGoFiles = append(pkg.TestGoFiles, s.rel(filepath.Join(d, f)))
		}
		for _, f := range bp.XTestGoFiles {
			pkg.XTestGoFiles = append(pkg.XTestGoFiles, s.rel(filepath.Join(d, f)))
		}
		sort.Strings(pkg.GoFiles)
		for _, f := range append(append(append([]string{}, pkg.GoFiles...), pkg.TestGoFiles...), pkg.XTestGoFiles...) {
			built[f] = true
		}
		s.readPackage(&pkg)
		s.out.Packages = append(s.out.Packages, pkg)
	}
	// every .go file under the root the go tool does not build here, with the reason
	err = filepath.Walk(s.root, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		r := s.rel(p)
		if info.IsDir() {
			if r == "vendor" || strings.HasPrefix(r, "vendor/") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(r, ".go") || built[r] || strings.HasSuffix(r, "_test.go") {
			return nil
		}
		s.out.Unbuilt = append(s.out.Unbuilt, Unbuilt{Path: r, Reason: unbuiltReason(r)})
		return nil
	})
	return err
}

func unbuiltReason(r string) string {
	for _, part := range strings.Split(filepath.Dir(r), "/") {
		switch {
		case part == ".":
		case part == "testdata":
			return "under testdata/: the go tool ignores it"
		case strings.HasPrefix(part, "_") || strings.HasPrefix(part, "."):
			return "under a folder starting with _ or .: the go tool ignores it"
		}
	}
	return "build constraints exclude it on this platform (or it is a different package)"
}

func (s *scanner) parse(rel string) *ast.File {
	f, err := parser.ParseFile(s.fset, filepath.Join(s.root, rel), nil, parser.ParseComments)
	if err != nil {
		fmt.Fprintf(os.Stderr, "truthscan: %v\n", err)
	}
	return f
}

// readPackage type-checks the package with its internal tests, then its external tests, and records files.
func (s *scanner) readPackage(pkg *Package) {
	var prod, internal, external []*ast.File
	for _, r := range pkg.GoFiles {
		if f := s.parse(r); f != nil {
			prod = append(prod, f)
			s.out.Files[r] = fileFacts(s.fset, f)
		}
	}
	for _, r := range pkg.TestGoFiles {
		if f := s.parse(r); f != nil {
			internal = append(internal, f)
		}
	}
	for _, r := range pkg.XTestGoFiles {
		if f := s.parse(r); f != nil {
			external = append(external, f)
		}
	}
	if len(internal) == 0 && len(external) == 0 {
		return
	}
	s.declProduct = map[string]map[string]bool{}
	s.declTest = map[string]map[string]bool{}
	errs := func(err error) {
		if len(pkg.TypeErrors) < 20 {
			pkg.TypeErrors = append(pkg.TypeErrors, err.Error())
		}
	}
	conf := types.Config{Importer: s.source, Error: errs}
	info := newInfo()
	tpkg, _ := conf.Check(pkg.ImportPath, s.fset, append(append([]*ast.File{}, prod...), internal...), info)
	var xinfo *types.Info
	if len(external) > 0 {
		xinfo = newInfo()
		xconf := types.Config{Importer: overlay{s.source, pkg.ImportPath, tpkg}, Error: errs}
		xconf.Check(pkg.ImportPath+"_test", s.fset, external, xinfo)
	}
	for _, f := range internal {
		s.collectDecls(f, info)
	}
	for _, f := range external {
		s.collectDecls(f, xinfo)
	}
	for _, f := range internal {
		s.testFile(pkg, f, info, false)
	}
	for _, f := range external {
		s.testFile(pkg, f, xinfo, true)
	}
}

func newInfo() *types.Info {
	return &types.Info{
		Uses:  map[*ast.Ident]types.Object{},
		Defs:  map[*ast.Ident]types.Object{},
		Types: map[ast.Expr]types.TypeAndValue{},
	}
}

// overlay resolves the package under test to its internally-tested form (with export_test.go's names).
type overlay struct {
	base types.ImporterFrom
	path string
	pkg  *types.Package
}

func (o overlay) Import(path string) (*types.Package, error) { return o.ImportFrom(path, "", 0) }
func (o overlay) ImportFrom(path, dir string, mode types.ImportMode) (*types.Package, error) {
	if path == o.path && o.pkg != nil {
		return o.pkg, nil
	}
	return o.base.ImportFrom(path, dir, mode)
}

func fileFacts(fset *token.FileSet, f *ast.File) File {
	var ff File
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		ff.Functions++
		name := fd.Name.Name
		if fd.Recv != nil && len(fd.Recv.List) > 0 {
			name = recvName(fd.Recv.List[0].Type) + "." + name
		}
		ff.Funcs = append(ff.Funcs, Func{Name: name, Line: fset.Position(fd.Pos()).Line, End: fset.Position(fd.End()).Line})
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.BlockStmt, *ast.LabeledStmt, *ast.EmptyStmt:
		case ast.Stmt:
			ff.Statements++
		}
		return true
	})
	return ff
}

func recvName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return recvName(t.X)
	case *ast.IndexExpr:
		return recvName(t.X)
	case *ast.IndexListExpr:
		return recvName(t.X)
	case *ast.Ident:
		return t.Name
	}
	return ""
}

func (s *scanner) key(pos token.Pos) string {
	p := s.fset.Position(pos)
	return fmt.Sprintf("%s:%d:%d", p.Filename, p.Line, p.Column)
}

// target says where a used object is declared: a product file of the root, a test-side declaration, or neither.
func (s *scanner) target(obj types.Object) (product string, testDecl string) {
	if obj == nil || obj.Pkg() == nil || !obj.Pos().IsValid() {
		return "", ""
	}
	switch o := obj.(type) {
	case *types.Func, *types.TypeName, *types.Const:
	case *types.Var:
		if o.IsField() || o.Parent() != o.Pkg().Scope() {
			return "", ""
		}
	default:
		return "", ""
	}
	file := s.fset.Position(obj.Pos()).Filename
	r := s.rel(file)
	if r == "" {
		return "", ""
	}
	if strings.HasSuffix(r, "_test.go") {
		return "", s.key(obj.Pos())
	}
	return r, ""
}

// describe names a used object for a reader: `Func`, `Type`, `Type.Method (type in FILE)`.
func (s *scanner) describe(obj types.Object, file string) string {
	fn, ok := obj.(*types.Func)
	if !ok {
		return obj.Name()
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return obj.Name()
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	nt, ok := t.(*types.Named)
	if !ok {
		return obj.Name()
	}
	name := nt.Obj().Name() + "." + obj.Name()
	if tf := s.rel(s.fset.Position(nt.Obj().Pos()).Filename); tf != "" && tf != file {
		name += " (type in " + tf + ")"
	}
	return name
}

// collectDecls records, per top-level declaration of a test file, the product files and test-side
// declarations its body uses.
func (s *scanner) collectDecls(f *ast.File, info *types.Info) {
	for _, d := range f.Decls {
		var keys []token.Pos
		switch t := d.(type) {
		case *ast.FuncDecl:
			keys = []token.Pos{t.Name.Pos()}
		case *ast.GenDecl:
			for _, sp := range t.Specs {
				switch v := sp.(type) {
				case *ast.TypeSpec:
					keys = append(keys, v.Name.Pos())
				case *ast.ValueSpec:
					for _, n := range v.Names {
						keys = append(keys, n.Pos())
					}
				}
			}
		}
		prod, test := map[string]bool{}, map[string]bool{}
		ast.Inspect(d, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				p, t := s.target(info.Uses[id])
				if p != "" {
					prod[p] = true
				}
				if t != "" {
					test[t] = true
				}
			}
			return true
		})
		for _, k := range keys {
			s.declProduct[s.key(k)] = prod
			s.declTest[s.key(k)] = test
		}
	}
	// methods declared on test-side types belong to their type too: using the type brings its methods
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) == 0 {
			continue
		}
		id := baseIdent(fd.Recv.List[0].Type)
		if id == nil {
			continue
		}
		if obj := info.Uses[id]; obj != nil {
			k := s.key(obj.Pos())
			if s.declTest[k] == nil {
				s.declTest[k] = map[string]bool{}
			}
			s.declTest[k][s.key(fd.Name.Pos())] = true
		}
	}
}

func baseIdent(e ast.Expr) *ast.Ident {
	switch t := e.(type) {
	case *ast.StarExpr:
		return baseIdent(t.X)
	case *ast.IndexExpr:
		return baseIdent(t.X)
	case *ast.IndexListExpr:
		return baseIdent(t.X)
	case *ast.Ident:
		return t
	}
	return nil
}

// isTestName reports whether name is prefix followed by nothing or a non-lowercase rune, as the go tool checks.
func isTestName(name, prefix string) bool {
	if !strings.HasPrefix(name, prefix) {
		return false
	}
	if len(name) == len(prefix) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(name[len(prefix):])
	return !unicode.IsLower(r)
}

func (s *scanner) testFile(pkg *Package, f *ast.File, info *types.Info, external bool) {
	r := s.rel(s.fset.Position(f.Pos()).Filename)
	tf := TestFile{ImportPath: pkg.ImportPath, External: external}
	own := map[string]bool{}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		name := fd.Name.Name
		if fd.Recv != nil && len(fd.Recv.List) > 0 {
			if isTestName(name, "Test") {
				fw := "testify"
				if params := fd.Type.Params.List; len(params) > 0 {
					fw = ""
					if tv, ok := info.Types[params[0].Type]; ok && strings.Contains(tv.Type.String(), "gopkg.in/check.v1.C") {
						fw = "gocheck"
					}
				}
				if fw != "" {
					tf.SuiteMethods = append(tf.SuiteMethods, SuiteMethod{Recv: recvName(fd.Recv.List[0].Type), Name: name, Framework: fw})
				}
			}
			continue
		}
		switch {
		case isTestName(name, "Test") && name != "TestMain":
			tf.Tests = append(tf.Tests, name)
			if e := entry(fd, info); e != nil {
				tf.Entries = append(tf.Entries, *e)
			}
		case isTestName(name, "Example"), isTestName(name, "Fuzz"):
			tf.Tests = append(tf.Tests, name)
		case isTestName(name, "Benchmark"):
			tf.Benchmarks = append(tf.Benchmarks, name)
		}
	}
	refs := map[string]bool{}
	named := map[string]map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			p, t := s.target(info.Uses[id])
			if p != "" {
				refs[p] = true
				if named[p] == nil {
					named[p] = map[string]bool{}
				}
				named[p][s.describe(info.Uses[id], p)] = true
			}
			if t != "" {
				own[t] = true
			}
		}
		return true
	})
	// declarations of this file count as reached from it
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			own[s.key(fd.Name.Pos())] = true
		}
	}
	helper := map[string]bool{}
	visited := map[string]bool{}
	var walk func(k string)
	walk = func(k string) {
		if visited[k] {
			return
		}
		visited[k] = true
		for p := range s.declProduct[k] {
			helper[p] = true
		}
		for t := range s.declTest[k] {
			walk(t)
		}
	}
	for k := range own {
		walk(k)
	}
	tf.Refs = sorted(refs)
	tf.Named = map[string][]string{}
	for p, names := range named {
		tf.Named[p] = sorted(names)
	}
	tf.HelperRefs = sorted(helper)
	s.out.Tests[r] = tf
}

// entry recognises a test function that starts suites: testify's suite.Run(t, S) and gocheck's TestingT(t).
func entry(fd *ast.FuncDecl, info *types.Info) *Entry {
	var e *Entry
	suites := map[string]bool{}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		var id *ast.Ident
		switch fn := call.Fun.(type) {
		case *ast.SelectorExpr:
			id = fn.Sel
		case *ast.Ident:
			id = fn
		}
		if id == nil {
			return true
		}
		obj, ok := info.Uses[id].(*types.Func)
		if !ok || obj.Pkg() == nil {
			return true
		}
		switch {
		case obj.Pkg().Path() == "github.com/stretchr/testify/suite" && obj.Name() == "Run" && len(call.Args) == 2:
			if e == nil {
				e = &Entry{Name: fd.Name.Name, Framework: "testify"}
			}
			if tv, ok := info.Types[call.Args[1]]; ok {
				t := tv.Type
				if p, ok := t.(*types.Pointer); ok {
					t = p.Elem()
				}
				if nt, ok := t.(*types.Named); ok {
					suites[nt.Obj().Name()] = true
				}
			}
		case obj.Pkg().Path() == "gopkg.in/check.v1" && (obj.Name() == "TestingT" || obj.Name() == "RunAll"):
			if e == nil {
				e = &Entry{Name: fd.Name.Name, Framework: "gocheck"}
			}
		}
		return true
	})
	if e != nil {
		e.Suites = sorted(suites)
	}
	return e
}

func sorted(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
