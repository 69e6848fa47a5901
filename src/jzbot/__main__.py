from jzbot.channels.cli import main

main()
