"""A build that stops while writing its atlas, for tests that kill it there."""

import textwrap

#: Run with ``python -c``: the command line, whose atlas writer prints ``stalled PATH`` and
#: then blocks on standard input until the test kills the process.
STALL_WHILE_WRITING = textwrap.dedent("""
    import sys
    import landscape.render.folder as folder
    from landscape.cli import main

    def stall(atlas, path, **options):
        print("stalled", path, flush=True)
        sys.stdin.read()  # blocks until the test kills this process

    folder.write_atlas = stall
    main(sys.argv[1:])
""")
