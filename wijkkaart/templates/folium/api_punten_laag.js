{% macro script(this, kwargs) %}
var {{ this.get_name() }} = wijkkaart.aanbodLaag({{ this._parent.get_name() }}, {{ this.opties|tojson }});
{% endmacro %}
