from supportprep.cli.app import main

main()
