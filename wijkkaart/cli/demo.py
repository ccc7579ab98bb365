"""``wijkkaart demo``: the demo gemeenten and their aanbod from the shared data."""

from __future__ import annotations

from pathlib import Path

import click

from ..diensten import demo


@click.command("demo")
@click.option("--data-dir", help="Map met de gedeelde CBS-data (standaard WIJKKAART_DATA_DIR of ../shared/data).")
@click.pass_obj
def demo_command(obj, data_dir):
    """Laad Haarlem, Huizen, Amsterdam, Enschede, Den Haag en Zoetermeer met hun aanbod uit de gedeelde data."""
    for summary in demo.laad_demo(obj.engine(), Path(data_dir) if data_dir else obj.settings.data_dir):
        click.echo("\n".join(summary.regels()))
