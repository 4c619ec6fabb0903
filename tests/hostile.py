"""The hostile corpus: (arguments, expected exit status). Used by tests/test_hostile.py."""

BIG = "x" + "+x" * 6000
# A computation that takes many seconds however fast the machine: the determinant of a
# symbolic 9 x 9 matrix (362,880 terms), well inside every size bound.
SLOW = (
    "det(["
    + ",".join("[" + ",".join(f"a{i}_{j}" for j in range(9)) + "]" for i in range(9))
    + "]) + x"
)
# Allocates as it goes, fast (its entries double in size with each product): under a cap below what
# the process holds, the first new arena fails within a second; with no cap it runs for minutes.
HUNGRY = "trace([[a+b,b],[c,d+a]]^48)"
DEEP = "(" * 500 + "x" + ")" * 500

INJECTION = [
    "__import__('os').system('touch pwned')",
    "().__class__.__base__.__subclasses__()",
    "lambda: 1",
    "f'{x}'",
    "sin(\"__import__('os').system('touch pwned')\")",
    "x.__class__",
    "\uff3f\uff3fimport\uff3f\uff3f('os')",
    "\\x5f\\x5fimport\\x5f\\x5f",
    "eval('1')",
    "exec('import os')",
    "open('pwned', 'w')",
    "getattr(x, 'real')",
    "[x for x in (1, 2)]",
    "{}",
    "{x: 1}",
    "x if y else z",
    "import os",
    "x; import os",
    "__builtins__",
    "E.__class__",
    "x[0]",
    "`touch pwned`",
    "$(touch pwned)",
    "x and y",
    "not x",
    "x or y",
    "x == y",
    "x % 2",
    "x // 2",
    "x & y",
    "~x",
    "x << 2",
    "x @ y",
    "*x",
    "x**",
    "globals()",
    "vars()",
    "breakpoint()",
    "compile('1','','eval')",
    "_x",
    "x__y",
    "type(x)",
    "print(1)",
]
BOMBS = [
    "9**9**9**9",
    "2**10**10",
    "1e999999999",
    "factorial(10**8)",
    "gamma(10^6)",
    "(2x)^(10^10)",
    "10^1000^1000",
    "2^-10^10",
    "(1/3)^(10^6)",
    "sqrt(2)^(10^8)",
    "1" * 2000,
    DEEP,
    "-" * 5000 + "x",
    BIG,
    "x" * 20000,
    "expand((x+y+z)**200)",
    "[[1,1],[1,0]]^(10^6)",
    "factorial(factorial(10))",
]
GARBAGE = [
    "",
    "   ",
    "\x00",
    "x\x00",
    "x\u200b+1",
    "x\u202e+1",
    "x\u0301",
    "\uff58",
    "\u0445 + 1",
    "0x1F",
    "1_000",
    "sin x",
    "\\frac{1}{2}",
    "$x$",
    "x==1",
    "=x",
    "()",
    "[]",
    "[[]]",
    "(,)",
    ",",
    ";",
    "x,,y",
    "1..2",
    "1.2.3",
    "1e",
    ".",
    "∞",
    "√",
    "½",
    "|x",
    "x|",
    "x!",
    "x'",
    "∫x",
    "∂x",
    "→",
    "😀",
    "\t",
    "\n\n",
    "x(",
    "sin(",
    "sin()",
    "log(,)",
    "[[1,2],[3]]",
    "[[1,2]] + 1",
    "det(x)",
    "inv([[0,0],[0,0]])",
    "atan2(1)",
    "root(x, 2.5)",
    "root(x, 0)",
    "root(x, -3)",
    "root(x)",
    "cbrt(x, 3)",
    "root(x,3)^(10^6)",
    "[red]x[/red]",
    "x\x1b[31m",
    "\x1b]0;pwned\x07",
]

# Expressions that must be refused (exit 2) however they are written: checked in-process against the
# parser and gradient (fast), and a sample of them through the whole command line.
EXPRESSIONS = INJECTION + BOMBS[:-4] + GARBAGE
CLI_SAMPLE = EXPRESSIONS[::12]

CASES = (
    [(["grad", text], 2) for text in CLI_SAMPLE]
    + [(["grad", SLOW, "--wrt", "x", "--timeout", "0.5"], 3)]
    + [
        (["grad", "x^(10^10)", "--at", "x=3"], 2),
        (["grad", "factorial(x)", "--at", "x=10^8"], 2),
        (["grad", "x^y", "--at", "x=10,y=10^9"], 2),
    ]
    + [
        (["grad", "(((1e1000)^64)^64)^64*x"], 2),
        (["grad", "a=2;" + "a=a*a;" * 40 + "a*x"], 2),
        (["grad", "a=x;" + "a=sin(a);" * 1100 + "a"], 2),
    ]
    + [(["grad", "factorial(factorial(10))"], 2)]
    + [
        (["grad", text], code)
        for text, code in [("expand((x+y+z)**200)", 2), ("[[1,1],[1,0]]^(10^6)", 2)]
    ]
    + [
        (["grad", "x^2", "--at", value], 2)
        for value in [
            "x=",
            "x",
            "=1",
            "x=1,x=2",
            "x=y",
            "x=nan",
            "x=1/0",
            "x=oo",
            "w=1",
            "x=[[1]]",
            "x=(1,2)",
            "x=1,",
            ",",
            "x=9**9**9**9",
            "x=__import__('os')",
            "x=\x1b[2J",
        ]
    ]
    + [
        (["grad", "x^2", "--wrt", value], 2)
        for value in ["x,,y", "1x", "x y", "sin", "__x", "x,x", "", "x;"]
    ]
    + [(["grad", "u(x)", "--functions", value], 2) for value in ["sin", "u,u", "1", "__u", ""]]
    + [
        (["grad", f"{name}(x)", "--functions", name], 2)
        for name in ["eval", "exec", "print", "open", "bytes", "input", "lambda", "match", "_"]
    ]
    + [(["grad", "u((1, 2))", "--functions", "u"], 2), (["grad", "x²³⁻"], 2), (["grad", "x⁻"], 2)]
    + [
        (["diff-table", "u(x) + x", "--functions", "u", "--points", "1,2"], 2),
        (["solve", "u(x) = 1", "--functions", "u", "--numeric"], 2),
    ]
    + [(["minimize-constrained", "u(x) + x^2", "--functions", "u", "--method", "numeric"], 2)]
    + [
        (["grad", "x^2", "--expect", value], 2)
        for value in ["9**9**9**9", "x+", "(2x, 3)", "__import__('os')"]
    ]
    + [
        (["grad", "x^2", "--timeout", value], 2)
        for value in ["-1", "0", "nan", "inf", "1e300", "abc"]
    ]
    + [(["grad", "x^2", "--format", value], 2) for value in ["tsv", "yaml", ""]]
    + [(["grad", "x^2", "--standalone"], 2)]
    + [(["integrate", "x", "--format", "csv"], 2)]
    + [
        (["div", text], 2)
        for text in ["x, y, z, w, v", "[[1,2],[3,4]]", "(x, (y, z))", "sin", "x,,y"]
    ]
    + [(["div", "x, y", "--coords", "polar"], 2), (["div", "x, y", "--coords", "spherical"], 2)]
    + [
        (["curl", "x, y, z, w"], 2),
        (["laplacian", "[x, y]"], 2),
        (["jacobian", "__import__('os')"], 2),
    ]
    + [
        (["solve", text], 2)
        for text in [
            "x = 1 = 2",
            "3 = 3",
            "x < y < z",
            "[[1]] = 1",
            "x = ",
            "__import__('os') = 1",
            "x=1;y=",
        ]
    ]
    + [(["solve", "x^2=1", "--for", value], 2) for value in ["", "1x", "x,x", "sin"]]
    + [(["solve", "x^2=1", "--domain", "rationals"], 2)]
    + [
        (["solve", "exp(x) = x + 2", "--numeric", "--in", value], 2)
        for value in ["5..1", "a..b", "1..", "..2", "1-2", "0..0"]
    ]
    + [
        (["solve", "exp(x) = x + 2", "--numeric", "--start", value], 2)
        for value in ["x=a", "w=1", "x="]
    ]
    + [
        (["minimize-constrained", "x^2", "--subject-to", value], 2)
        for value in [
            "x",
            "x > 1",
            "x = ",
            "= 1",
            "x^2 = 1 = 2",
            "[[1]] = 1",
            "__import__('os') = 1",
        ]
    ]
    + [
        (["minimize-constrained", "x^2", "--method", "simplex"], 2),
        (["minimize-constrained", "[x, y]"], 2),
    ]
    + [
        (["minimize-constrained", "x - y", "--subject-to", "x + y = 1"], 3),
        (["minimize-constrained", "x^2", "--subject-to", "x >= 1", "--subject-to", "x <= 0"], 3),
    ]
    + [(["minimize-constrained", "x^2", "--tol", value], 2) for value in ["-1", "0", "nan"]]
    + [
        (["diff-table", "x^2", *options], 2)
        for options in [
            ["--points", ""],
            ["--points", "a"],
            ["--points", "1,,2"],
            ["--points", "1e999"],
            ["--from", "a", "--to", "b"],
            ["--from", "0", "--to", "1", "--step", "0"],
            ["--from", "0", "--to", "1", "--step", "-1"],
            ["--from", "0", "--to", "1", "--step", "1e-300"],
            ["--from", "0", "--to", "1", "--step", "1e-320"],  # (b - a) / step is infinite
            ["--from", "0", "--to", "1", "--step", "5e-324"],
            ["--from", "-1e308", "--to", "1e308"],
            # 10⁷ rows held whole
            ["--from", "0", "--to", "1", "--step", "1e-7", "--format", "json"],
            ["--points", "1", "--h", "0"],
            ["--points", "1", "--h", "nan"],
            ["--points", "1", "--order", "4"],
            ["--points", "1", "--order", "0"],
            ["--points", "1", "--scheme", "foo"],
            ["--data", "/nonexistent/file.csv"],
            ["--points", "1", "--delimiter", "tab"],
            ["--data", "-", "--delimiter", "|"],
            ["--data", "-", "--delimiter", ""],
            ["--points", "1", "--plot", "out.jpg"],
            ["--points", "1", "--plot", "/nonexistent/dir/x.png"],
            ["--points", "1", "--plot", ""],
            ["--points", "1", "--plot", "x\x00.png"],
            ["--points", "1", "--plot", "/proc/self/x.svg"],
            ["--convergence"],
            [],
        ]
    ]
    + [(["diff-table", "x*y", "--points", "1"], 2), (["diff-table", "--data", "-"], 2)]
    + [
        (["minimize-constrained", objective, "--subject-to", "x + y = 1", "--plot", path], 2)
        for objective, path in [
            ("x*y", "out.jpg"),
            ("x*y", ""),
            ("x*y", "x\x00.png"),
            ("x*y", "/nonexistent/dir/x.png"),
            ("x*y*z", "three.png"),
        ]
    ]
    + [
        (["grad", "x*y*z", "--plot", "a.png"], 2),
        (["grad", "x*y", "--plot", "a.gif"], 2),
        (["div", "x, y, z", "--plot", "a.svg"], 2),
    ]
    + [
        (["curl", "-y, x", "--plot", "/proc/self/a.png"], 2),
        (["solve", "x + y = 1", "x - y = 0", "--plot", "a.png"], 2),
    ]
    + [(["batch", "/nonexistent/problems.txt"], 2), (["batch", "-", "--jobs", "0"], 2)]
    + [(["batch", "-", "--allow-files", value], 2) for value in ["/nonexistent/dir", ""]]
    + [(["grad", "x", "--tol", value], 2) for value in ["-1", "0", "1", "nan", "inf", "abc"]]
    + [(["diff", text], 2) for text in CLI_SAMPLE[::2]]
    + [(["integrate", text], 2) for text in CLI_SAMPLE[1::2]]
    + [(["limit", text, "--at", "x=0"], 2) for text in CLI_SAMPLE[::3]]
    + [
        (["diff", "x^2", *args], 2)
        for args in [
            ["--order", "0"],
            ["--order", "21"],
            ["--order", "x"],
            ["--wrt", "x,,y"],
            ["--wrt", "sin"],
            ["--implicit", "y"],
        ]
    ]
    + [
        (["diff", "x*y", *args], 2)
        for args in [
            [],
            ["--wrt", "x,y", "--order", "2"],
            ["--implicit", "z", "--wrt", "x"],
            ["--implicit", "y", "--wrt", "y"],
        ]
    ]
    + [
        (["diff", "x^2 + y^2 < 25", "--implicit", "y", "--wrt", "x"], 2),
        (["diff", "x^2", "--expect", "(2x, 1)"], 2),
    ]
    + [
        (["integrate", "x^2", *args], 2)
        for args in [
            ["--from", "0"],
            ["--to", "1"],
            ["--from", "0,1", "--to", "1"],
            ["--from", "1/0", "--to", "1"],
        ]
    ]
    + [
        (["integrate", "x^2", *args], 2)
        for args in [
            ["--from", "x", "--to", "1"],
            ["--from", "__import__('os')", "--to", "1"],
            ["--from", "0", "--to", "9**9**9**9"],
        ]
    ]
    + [
        (["integrate", "x*y"], 2),
        (["integrate", "[x, y]"], 2),
        (["integrate", "u(x)", "--functions", "u", "--from", "0", "--to", "1", "--numeric"], 2),
    ]
    + [
        (["integrate", "exp(sin(x))", "--from", "0", "--to", "1"], 3),
        (["integrate", SLOW, "--wrt", "x", "--timeout", "0.5"], 3),
    ]
    + [
        (["limit", "sin(x)/x", *args], 2)
        for args in [
            [],
            ["--at", "x=0,y=1"],
            ["--at", "y=0"],
            ["--at", "x=y"],
            ["--at", "x=nan"],
            ["--dir", "up", "--at", "x=0"],
        ]
    ]
    + [(["series", text], 2) for text in CLI_SAMPLE[1::3]]
    + [
        (["series", "sin(x)", *args], 2)
        for args in [
            ["--order", "0"],
            ["--order", "31"],
            ["--at", "x=y"],
            ["--at", "y=0"],
            ["--expect", "(1, 2)"],
        ]
    ]
    + [(["series", "x*y"], 2), (["series", "[x, 1]"], 2)]
    + [(["series", "x*y", "--at", at], 2) for at in ["x=0,x=1", "x=oo,y=0", "x=0,z=0", "x=y,y=0"]]
    + [(["series", "1/(x+y)", "--at", "x=0,y=0"], 2)]
    + [(["solve", "-"], 2), (["solve", "-", "--plot", "-"], 2)]  # standard input is empty here
    + [(["critical-points", text], 2) for text in CLI_SAMPLE[2::3]]
    + [
        (["critical-points", "[x, y]"], 2),
        (["critical-points", "x^2", "--expect", "(1, 2)"], 2),
        (["critical-points", "x^2", "--wrt", "x,x"], 2),
    ]
    + [
        (["limit", "[x, 1]", "--at", "x=0"], 2),
        (["limit", "x", "--at", "x=0", "--expect", "(0, 1)"], 2),
    ]
    + [
        (["grade", *args], 2)
        for args in [
            ["/nonexistent/problems.txt", "/tmp"],
            ["/dev/null", "/tmp"],  # no problems
            ["/proc", "/tmp"],
            ["-", "/nonexistent/answers"],
            ["/dev/null", "/nonexistent/answers", "--jobs", "0"],
            ["/dev/null", "/tmp", "--format", "latex"],
            ["/dev/null"],
        ]
    ]
    # not a folder of answers, not a problem set
    + [(["grade", "/dev/null", "/dev/zero"], 2), (["grade", "/dev/null", "/proc/self/fd/0"], 2)]
    + [
        (["batch", "/dev/stdin"], 2),
        (["batch", "/proc"], 2),
        (["diff-table", "--data", "/proc"], 2),
        (["diff-table", "--data", "/proc/self/exe"], 2),
    ]
    + [
        (["div", "x", "--coords", "a" * 120_000], 2),
        (["integrate", "x", "--from", "oo", "--to", "-oo"], 3),
    ]
    # --steps on every command that has it: bad input is refused the same way, with or without the
    # working
    + [
        ([name, text, "--steps"], 2)
        for name in ("div", "curl", "laplacian", "jacobian", "solve")
        for text in INJECTION[:4:3]
    ]
    + [
        (["diff-table", INJECTION[0], "--from", "0", "--to", "1", "--steps"], 2),
        (["diff-table", "--data", "/proc", "--steps"], 2),
    ]
    + [
        (["minimize-constrained", INJECTION[0], "--subject-to", "x+y=1", "--steps"], 2),
        (["solve", "x^2=4", "--steps=yes"], 2),
    ]
    + [
        (["solve", BIG + " = 1", "--steps"], 2),
        (["curl", "x, y", "--coords", "spherical", "--steps"], 2),
        (["laplacian", "[x, y]", "--steps"], 2),
    ]
)
