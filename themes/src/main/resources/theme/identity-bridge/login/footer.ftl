<#macro content>
<#-- Below the login box on every page: who runs this sign-in. -->
<div class="idb-footer" id="idb-footer">${msg("idbFooter")}</div>
</#macro>
