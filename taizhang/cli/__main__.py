from taizhang.cli.main import cli

cli()
