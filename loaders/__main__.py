from loaders.cli import main

main()
