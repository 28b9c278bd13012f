# The build behind `sam build`. Every function in template.yaml has `Metadata: BuildMethod: makefile`,
# so SAM runs `make --makefile <this file> build-<LogicalId>` once per function, with ARTIFACTS_DIR
# set to that function's folder under .aws-sam/build and its working directory a scratch copy of
# CodeUri (this folder). Paths below are therefore taken from this file's own location, and the
# one jar all functions share is built by Maven once: it is a file target, rebuilt only when a
# source is newer, so the other functions only copy it. Lambda's Java runtime puts lib/*.jar on
# the classpath, so each function's artifact is that jar under lib/.
SHELL := /bin/bash
ROOT := $(patsubst %/,%,$(dir $(abspath $(firstword $(MAKEFILE_LIST)))))
JAR := $(ROOT)/functions/target/clinic-functions-aws.jar
SOURCES := $(ROOT)/template.yaml $(ROOT)/pom.xml $(ROOT)/functions/pom.xml \
           $(shell find $(ROOT)/functions/src/main $(ROOT)/functions/src/build -type f)

.PHONY: jar
jar: $(JAR)

$(JAR): $(SOURCES)
	cd "$(ROOT)" && source infra/bin/java-home.sh && ./mvnw -q -B -DskipTests -pl functions -am package
	touch "$@"

# build-<LogicalId> for each function of template.yaml (a top-level resource there, or an error).
build-%: $(JAR)
	@grep -qx '  $*:' "$(ROOT)/template.yaml" || { echo "$* is not a resource of template.yaml" >&2; exit 1; }
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: sam build sets it" >&2; exit 1; }
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp "$(JAR)" "$(ARTIFACTS_DIR)/lib/"
