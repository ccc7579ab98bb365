{% macro script(this, kwargs) %}
var {{ this.get_name() }} = wijkkaart.{{ this.js_functie }}({{ this._parent.get_name() }}, {{ this.opties|tojson }});
{% endmacro %}
