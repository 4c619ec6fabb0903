from calcli.entry import main

main()
