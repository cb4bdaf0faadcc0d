from carted_export.cli import main

main()
